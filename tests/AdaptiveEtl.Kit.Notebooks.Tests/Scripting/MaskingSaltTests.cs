using AdaptiveEtl.Kit.Synthesis;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

[Collection(nameof(MaskingSaltTests))] // reads and sets KIT_MASKING_SALT
[CollectionDefinition(nameof(MaskingSaltTests), DisableParallelization = true)]
public sealed class MaskingSaltTests
{
    [Fact]
    public void A_work_folder_gets_its_own_random_secret_once_and_keeps_it()
    {
        var before = Environment.GetEnvironmentVariable(MaskingSalt.EnvironmentVariable);
        var a = Directory.CreateTempSubdirectory("kit-salt-").FullName;
        var b = Directory.CreateTempSubdirectory("kit-salt-").FullName;
        try
        {
            Environment.SetEnvironmentVariable(MaskingSalt.EnvironmentVariable, null);
            var first = MaskingSalt.ForFolder(Path.Combine(a, "model"));
            Assert.Equal(32, first.Length);
            Assert.Equal(first, MaskingSalt.ForFolder(Path.Combine(a, "model")));
            Assert.NotEqual(first, MaskingSalt.ForFolder(b));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(a, "model", MaskingSalt.FileName)));

            Environment.SetEnvironmentVariable(MaskingSalt.EnvironmentVariable, "a-secret-of-24-characters");
            Assert.Equal("a-secret-of-24-characters"u8.ToArray(), MaskingSalt.ForFolder(a));
            Environment.SetEnvironmentVariable(MaskingSalt.EnvironmentVariable, "short");
            Assert.Contains("at least 16", Assert.Throws<KitDataException>(() => MaskingSalt.ForFolder(a)).Message, StringComparison.Ordinal);

            Environment.SetEnvironmentVariable(MaskingSalt.EnvironmentVariable, null);
            File.WriteAllText(Path.Combine(b, MaskingSalt.FileName), "not base64!");
            Assert.Contains(MaskingSalt.FileName, Assert.Throws<KitDataException>(() => MaskingSalt.ForFolder(b)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(MaskingSalt.EnvironmentVariable, before);
            Directory.Delete(a, recursive: true);
            Directory.Delete(b, recursive: true);
        }
    }
}
