using Spectre.Console;

namespace AdaptiveEtl.Kit.Cli.Output;

/// <summary>
/// The console conventions of every <c>kit</c> command: human output on stdout (on stderr when <c>--json</c> owns
/// stdout), errors on stderr, Spectre.Console colours, tables and progress bars only when stdout is a terminal; plain,
/// non-wrapping lines without ANSI escapes otherwise (pipes, files, CI logs). <c>NO_COLOR</c> also turns colours off.
/// </summary>
public sealed class KitConsole
{
    private readonly TextWriter _out;

    /// <summary>Creates the console for a command; <paramref name="jsonOnStdout"/> moves human output to stderr.</summary>
    public KitConsole(bool jsonOnStdout = false)
    {
        JsonOnStdout = jsonOnStdout;
        _out = jsonOnStdout ? Console.Error : Console.Out;
        Interactive = !jsonOnStdout && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null
            && Environment.GetEnvironmentVariable("TERM") is not "dumb";
        Ansi = Interactive ? AnsiConsole.Console : AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_out),
        });
        if (!Interactive) Ansi.Profile.Width = int.MaxValue / 4; // never wrap plain output
    }

    /// <summary>True when stdout is a terminal (and not owned by <c>--json</c>): colours, tables, progress bars.</summary>
    public bool Interactive { get; }

    /// <summary>True when stdout carries the machine-readable JSON document.</summary>
    public bool JsonOnStdout { get; }

    /// <summary>The Spectre console to write rich output to (plain and non-wrapping when not interactive).</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>Writes a status line: <paramref name="label"/> coloured on a terminal, plain otherwise.</summary>
    public void Line(string label, string text, string colour = "green")
    {
        if (Interactive) Ansi.MarkupLine($"[{colour}]{Markup.Escape(label)}[/]: {Markup.Escape(text)}");
        else _out.WriteLine($"{label}: {text}");
    }

    /// <summary>Writes a plain line.</summary>
    public void Line(string text)
    {
        if (Interactive) Ansi.WriteLine(text);
        else _out.WriteLine(text);
    }

    /// <summary>Writes an error to stderr, prefixed with the command.</summary>
    public static void Error(string command, string message)
    {
        Console.Error.WriteLine($"{command}: error: {message}");
    }

    /// <summary>
    /// Runs each of <paramref name="items"/> with progress: a Spectre progress bar on a terminal, one plain line per item
    /// otherwise.
    /// </summary>
    public async Task ForEachAsync<T>(string description, IReadOnlyList<T> items, Func<T, string> label, Func<T, Task> step, CancellationToken ct)
    {
        if (Interactive)
        {
            await Ansi.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(description, maxValue: Math.Max(1, items.Count));
                    foreach (var item in items)
                    {
                        ct.ThrowIfCancellationRequested();
                        task.Description = $"{description}: {label(item)}";
                        await step(item);
                        task.Increment(1);
                    }
                    task.Description = description;
                });
            return;
        }
        for (int i = 0; i < items.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            _out.WriteLine($"{description}: {label(items[i])} ({i + 1}/{items.Count})");
            await step(items[i]);
        }
    }
}
