using System.Security.Cryptography;
using System.Text;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// The secret HMAC salt of <see cref="MaskingPolicy"/>, never a built-in constant: the environment variable
/// <c>KIT_MASKING_SALT</c> when set, else the per-work-folder secret <c>&lt;folder&gt;/masking.salt</c>, generated on first use
/// (32 random bytes from <see cref="RandomNumberGenerator"/>, base64, file mode 600 on Unix) and reused afterwards, so the
/// pseudonyms of one work folder stay stable across runs and differ from every other installation's.
/// </summary>
/// <example>
/// <code>
/// var salt = MaskingSalt.ForFolder("work/synthetic");   // creates work/synthetic/masking.salt the first time
/// var masker = new DataMasker(MaskingPolicy.FromSchema(schema, salt));
/// </code>
/// </example>
public static class MaskingSalt
{
    /// <summary>The environment variable that overrides the stored secret (UTF-8 bytes, at least 16).</summary>
    public const string EnvironmentVariable = "KIT_MASKING_SALT";

    /// <summary>The name of the secret file in the work folder.</summary>
    public const string FileName = "masking.salt";

    /// <summary>The minimum salt length in bytes.</summary>
    public const int MinimumBytes = 16;

    /// <summary>The salt for <paramref name="folder"/> (created with its secret file when missing).</summary>
    /// <exception cref="KitDataException">The variable or the stored secret is shorter than <see cref="MinimumBytes"/> or not base64.</exception>
    public static byte[] ForFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            var bytes = Encoding.UTF8.GetBytes(fromEnvironment);
            return bytes.Length >= MinimumBytes ? bytes
                : throw new KitDataException($"{EnvironmentVariable} has {bytes.Length} bytes; a masking salt needs at least {MinimumBytes} (or unset it to use a generated per-folder secret).");
        }
        var path = Path.Combine(Path.GetFullPath(folder), FileName);
        if (!File.Exists(path)) Create(path);
        return Read(path);
    }

    private static byte[] Read(string path)
    {
        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException e)
        {
            throw new KitDataException($"{path} is not a base64 masking salt ({e.Message}); delete it to generate a new one (pseudonyms will change).", path, inner: e);
        }
        return salt.Length >= MinimumBytes ? salt
            : throw new KitDataException($"{path} holds {salt.Length} bytes; a masking salt needs at least {MinimumBytes}. Delete it to generate a new one (pseudonyms will change).", path);
    }

    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
                writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // another run created the secret first: use theirs
            }
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
