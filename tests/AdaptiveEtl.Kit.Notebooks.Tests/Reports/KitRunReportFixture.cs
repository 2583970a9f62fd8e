using System.CommandLine;
using AdaptiveEtl.Kit.Cli.Commands;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Reports;

/// <summary>One <c>kit run</c> on freshly generated sample data, shared by the tests that read its HTML report and JSON twin.</summary>
public sealed class KitRunReportFixture : IAsyncLifetime
{
    /// <summary>The temporary work folder.</summary>
    public string Work { get; } = Path.Combine(Path.GetTempPath(), "aek-report-" + Guid.NewGuid().ToString("N"));

    /// <summary>The HTML report.</summary>
    public string Html => Path.Combine(Work, "report.html");

    /// <summary>Its JSON twin.</summary>
    public string Json => Path.Combine(Work, "report.json");

    /// <summary>Exit code of the run.</summary>
    public int ExitCode { get; private set; }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var root = new RootCommand { RunCommand.Create() };
        ExitCode = await root.Parse(["run", "--work", Work, "--max-history", "150"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(Work)) Directory.Delete(Work, recursive: true);
        return ValueTask.CompletedTask;
    }
}
