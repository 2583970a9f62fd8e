using System.Diagnostics;
using System.Reflection;
using System.Text;
using AdaptiveEtl.Kit.Scripting.Directives;
using AdaptiveEtl.Kit.Scripting.Execution;
using AdaptiveEtl.Kit.Scripting.Packages;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace AdaptiveEtl.Kit.Scripting;

/// <summary>
/// A C# notebook/script session on Roslyn scripting: every <see cref="ExecuteAsync"/> call runs one cell as the next chained
/// submission (variables, types and usings of earlier cells stay visible), after honouring its directives
/// (<c>#r "nuget: Id, Version"</c>, <c>#i "nuget: feed"</c>, <c>#r "path.dll"</c>, <c>#load "file.csx"</c>).
/// </summary>
/// <example>
/// <code>
/// await using var session = new ScriptSession(new ScriptSessionOptions { StandardOutput = Console.Out });
/// await session.ExecuteAsync("var x = 20;");
/// var result = await session.ExecuteAsync("x + 22");   // result.ReturnValue == 42
/// </code>
/// </example>
public sealed class ScriptSession : IAsyncDisposable
{
    /// <summary>Namespaces imported into every cell (the union of .NET Interactive's and dotnet-script's defaults).</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Text", "System.Threading", "System.Threading.Tasks",
    ];

    private static readonly TimeSpan CancellationGrace = TimeSpan.FromSeconds(5);
    private readonly ScriptSessionOptions _options;
    private readonly object _globals;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<MetadataReference> _references = [];
    private readonly HashSet<string> _referencedPaths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _referencedNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<PackageRequest> _packages = [];
    private readonly List<string> _sources = [];
    private readonly List<string> _acceptedCells = [];
    private readonly List<object> _resources = [];
    private readonly NuGetPackageResolver _resolver;
    private ScriptState<object>? _state;
    private CompletionWorkspace? _workspace;
    private bool _disposed;

    /// <summary>Creates a session (nothing is compiled until the first cell).</summary>
    public ScriptSession(ScriptSessionOptions? options = null)
    {
        _options = options ?? new ScriptSessionOptions();
        _globals = Strict ? new DotnetScriptGlobals(_options.Args.ToList()) : new ScriptGlobals(_options.Args.ToList(), Publish);
        _resolver = new NuGetPackageResolver(_options.PackageCacheDirectory ?? NuGetPackageResolver.DefaultCacheRoot, _options.StandardError);
        foreach (var s in _options.PackageSources) _sources.Add(ResolveSource(s));
        // NuGet.Config files beside the notebook/script (and above it) add their sources, as in dotnet-interactive and dotnet run
        foreach (var s in NuGetConfigSources.From(_options.WorkingDirectory))
            if (!_sources.Contains(s)) _sources.Add(s);
    }

    /// <summary>How many cells have been executed (successful or not), like Jupyter's execution count.</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>The options the session was created with.</summary>
    public ScriptSessionOptions Options => _options;

    /// <summary>The packages asked for so far (<c>#r "nuget:"</c>), in order.</summary>
    public IReadOnlyList<PackageRequest> Packages => _packages;

    /// <summary>
    /// Runs <paramref name="code"/> as the next submission. Console output goes to the options' writers as it is written.
    /// Cancelling <paramref name="cancellationToken"/> interrupts even <c>while (true) { }</c>; a cancelled or failed cell leaves
    /// the session's state as it was.
    /// </summary>
    public async Task<CellResult> ExecuteAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var clock = Stopwatch.StartNew();
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            return Failed(new CellError(nameof(OperationCanceledException), "The cell was interrupted before it started.", [], e), clock);
        }
        try
        {
            return await ExecuteCoreAsync(code, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            return Failed(new CellError(nameof(OperationCanceledException), "The cell was interrupted while compiling; the session keeps the state from before the cell.", [], e), clock);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CellResult> ExecuteCoreAsync(string code, Stopwatch clock, CancellationToken cancellationToken)
    {
        ExecutionCount++;
        var cellNumber = ExecutionCount;
        ConsoleRouter.EnsureInstalled();
        DirectiveParser.ParsedCell parsed;
        try
        {
            if (Strict && DotnetScriptCompatibility.Problems(code) is { Count: > 0 } problems)
                throw new FormatException("dotnet-script would reject this script:\n" + string.Join("\n", problems));
            parsed = DirectiveParser.Parse(code);
            var initialize = await ApplyDirectivesAsync(parsed.Directives, cancellationToken).ConfigureAwait(false);
            await RunModuleInitializersAsync(initialize, CreateScriptOptions(CellPath(cellNumber)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or PackageResolutionException or FileNotFoundException or BadImageFormatException)
        {
            return Failed(new CellError("DirectiveError", e.Message, [], e), clock);
        }
        catch (OperationCanceledException e)
        {
            return Failed(new CellError(nameof(OperationCanceledException), "The cell was interrupted while restoring packages.", [], e), clock);
        }

        var cellPath = CellPath(cellNumber);
        var scriptOptions = CreateScriptOptions(cellPath);
        var body = Strict ? parsed.Code : TopLevelUsingRewriter.Rewrite(parsed.Code);
        var instrumented = Instrument(body, cellPath);
        var script = Continue(instrumented, scriptOptions);
        var diagnostics = script.Compile(cancellationToken);
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // Report the un-instrumented code's diagnostics: same lines, and columns exactly as the user wrote them.
            var plain = Continue(body, scriptOptions).Compile(cancellationToken);
            var errors = (plain.Any(d => d.Severity == DiagnosticSeverity.Error) ? plain : diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var message = string.Join("\n", errors.Select(FormatDiagnostic));
            // the diagnostics are the message; no frames (they used to be repeated as the stack trace, so shown twice)
            return Failed(new CellError("CompilationError", message, [], null), clock);
        }
        var hasValue = HasTrailingExpression(script.GetCompilation());

        var previous = _state;
        var stdout = _options.StandardOutput;
        var stderr = _options.StandardError;
        var run = Task.Run(async () =>
        {
            ConsoleRouter.Route(stdout, stderr);
            ScriptCancellation.Set(cancellationToken);
            SessionResources.Set(_resources);
            if (_options.SetCurrentDirectory && Directory.Exists(_options.WorkingDirectory)) Directory.SetCurrentDirectory(_options.WorkingDirectory);
            return previous is null
                ? await script.RunAsync(_globals, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await script.RunFromAsync(previous, cancellationToken: cancellationToken).ConfigureAwait(false);
        }, CancellationToken.None);

        ScriptState<object> state;
        try
        {
            state = await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (!run.IsCompleted)
            {
                // The injected checks stop loops at once; code blocked outside them (Thread.Sleep, I/O) is awaited for CancellationGrace.
                await Task.WhenAny(run, Task.Delay(CancellationGrace, CancellationToken.None)).ConfigureAwait(false);
            }
            var message = run.IsCompleted
                ? "The cell was interrupted; the session keeps the state from before the cell."
                : "The cell was interrupted but is blocked outside instrumented code and still runs in the background; the session keeps the state from before the cell.";
            return Failed(new CellError(nameof(OperationCanceledException), message, [], null), clock);
        }
        catch (Exception e)
        {
            var ex = Unwrap(e);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
                return Failed(new CellError(nameof(OperationCanceledException), "The cell was interrupted; the session keeps the state from before the cell.", StackFrames(ex, cellPath), ex), clock);
            return Failed(new CellError(ex.GetType().Name, ex.Message, StackFrames(ex, cellPath), ex), clock);
        }

        _state = state;
        _acceptedCells.Add(hasValue ? body + "\n;" : body);
        var returnValue = state.ReturnValue;
        var hasReturn = hasValue || (_options.Mode is ScriptMode.Script or ScriptMode.StrictDotnetScript && returnValue is not null);
        return new CellResult(true, returnValue, hasReturn, hasReturn ? ValueFormatter.Format(returnValue) : null, null, clock.Elapsed);
    }

    /// <summary>Completion proposals at <paramref name="cursorPosition"/> of <paramref name="code"/>, seeing the earlier cells' declarations.</summary>
    public async Task<IReadOnlyList<CompletionItem>> CompleteAsync(string code, int cursorPosition, CancellationToken ct = default)
    {
        var ws = Workspace();
        var (prefix, cell) = await SnapshotAsync(code, ct).ConfigureAwait(false);
        return await ws.CompleteAsync(prefix, cell, cursorPosition, _references.ToList(), ct).ConfigureAwait(false);
    }

    /// <summary>The symbol at <paramref name="cursorPosition"/>: its signature and XML doc summary; null when there is none.</summary>
    public async Task<InspectionResult?> InspectAsync(string code, int cursorPosition, CancellationToken ct = default)
    {
        var ws = Workspace();
        var (prefix, cell) = await SnapshotAsync(code, ct).ConfigureAwait(false);
        return await ws.InspectAsync(prefix, cell, cursorPosition, _references.ToList(), ct).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="code"/> is a whole submission (directive lines are ignored).</summary>
    public CompletenessResult IsComplete(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        string body;
        try
        {
            body = DirectiveParser.Parse(code).Code;
        }
        catch (FormatException)
        {
            return CompletenessResult.Invalid;
        }
        var tree = CSharpSyntaxTree.ParseText(body, ScriptParseOptions);
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return CompletenessResult.Incomplete;
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? CompletenessResult.Invalid : CompletenessResult.Complete;
    }

    /// <summary>
    /// Ends the session: disposes what cells declared with a top-level <c>using var</c> (last first). A running cell is not
    /// interrupted; cancel its token first.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        _workspace?.Dispose();
        await SessionResources.DisposeAllAsync(_resources).ConfigureAwait(false);
    }

    internal static CSharpParseOptions ScriptParseOptions { get; } =
        new(LanguageVersion.Latest, DocumentationMode.Parse, SourceCodeKind.Script);

    /// <summary>
    /// The accepted cells as one script document for completion and inspection. Each cell was its own submission, so a
    /// later cell's <c>using</c> directives may follow earlier statements; in one document they must come first, or the
    /// names they import (e.g. <c>EtlKit</c> after <c>using AdaptiveEtl.Kit;</c>) would not bind. So they are hoisted.
    /// </summary>
    private static string CompletionPrefix(IReadOnlyList<string> cells)
    {
        var usings = new List<string>();
        var bodies = new List<string>();
        foreach (var cell in cells)
        {
            var root = (Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax)CSharpSyntaxTree.ParseText(cell, ScriptParseOptions).GetRoot();
            foreach (var u in root.Usings)
            {
                var text = u.WithoutTrivia().ToFullString();
                if (!usings.Contains(text)) usings.Add(text);
            }
            bodies.Add(root.Usings.Count == 0 ? cell : root.WithUsings(default).ToFullString());
        }
        return string.Join("\n", usings.Concat(bodies));
    }

    private async Task<(string Prefix, string Cell)> SnapshotAsync(string code, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            string cell;
            try { cell = DirectiveParser.Parse(code).Code; } catch (FormatException) { cell = code; }
            return (CompletionPrefix(_acceptedCells), cell);
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool Strict => _options.Mode == ScriptMode.StrictDotnetScript;

    private CompletionWorkspace Workspace() => _workspace ??= new CompletionWorkspace(DefaultImports);

    private string CellPath(int cellNumber) =>
        _options.Mode is ScriptMode.Script or ScriptMode.StrictDotnetScript && _options.ScriptPath is not null && cellNumber == 1
            ? Path.GetFullPath(_options.ScriptPath)
            : Path.Combine(Path.GetFullPath(_options.WorkingDirectory), $"cell{cellNumber}.csx");

    private ScriptOptions CreateScriptOptions(string cellPath)
    {
        var baseDir = Path.GetDirectoryName(cellPath)!;
        return ScriptOptions.Default
            .WithReferences(ReferenceCatalog.Runtime.Concat(_references))
            .WithImports(Strict ? DotnetScriptCompatibility.Imports : DefaultImports)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithEmitDebugInformation(true)
            .WithFilePath(cellPath)
            .WithFileEncoding(Encoding.UTF8)
            .WithAllowUnsafe(true)
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(baseDir))
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(baseDir));
    }

    private Script<object> Continue(string code, ScriptOptions options) =>
        _state is null
            ? CSharpScript.Create<object>(code, options, _globals.GetType())
            : _state.Script.ContinueWith<object>(code, options);

    private static string Instrument(string code, string path)
    {
        var tree = CSharpSyntaxTree.ParseText(code, ScriptParseOptions, path);
        return CancellationInjector.Instrument(tree.GetRoot()).ToFullString();
    }

    /// <summary>
    /// Runs the module initializers of the assemblies a cell asked for by name (<c>#r "nuget: X"</c> → X.dll, <c>#r "X.dll"</c>),
    /// as .NET Interactive does when it loads an extension: a library such as AdaptiveEtl.Kit.Notebooks registers its
    /// formatters there, and Roslyn would otherwise load it only when a cell first uses one of its types. The assemblies
    /// are loaded by a hidden submission, so they come from the same load context the cells' own code uses.
    /// </summary>
    private async Task RunModuleInitializersAsync(IReadOnlyList<string> assemblyNames, ScriptOptions options, CancellationToken ct)
    {
        if (assemblyNames.Count == 0) return;
        var names = string.Join(", ", assemblyNames.Select(n => "\"" + n.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""));
        var code = "System.Array.ForEach(new string[] { " + names + " }, n => { try { System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(System.Reflection.Assembly.Load(n).ManifestModule.ModuleHandle); } catch (System.IO.IOException) { } catch (System.BadImageFormatException) { } });";
        var script = Continue(code, options);
        var previous = _state;
        _state = previous is null
            ? await script.RunAsync(_globals, cancellationToken: ct).ConfigureAwait(false)
            : await script.RunFromAsync(previous, cancellationToken: ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> ApplyDirectivesAsync(IReadOnlyList<CellDirective> directives, CancellationToken ct)
    {
        var newPackages = false;
        var requested = new List<string>();
        foreach (var d in directives)
        {
            switch (d.Kind)
            {
                case DirectiveKind.PackageSource:
                    var source = ResolveSource(d.Value);
                    if (!_sources.Contains(source)) _sources.Add(source);
                    break;
                case DirectiveKind.NuGetReference:
                    var existing = _packages.FindIndex(p => string.Equals(p.Id, d.Value, StringComparison.OrdinalIgnoreCase));
                    if (existing >= 0)
                    {
                        if (_packages[existing].Version == d.Version) break;
                        if (_state is not null && _referencedPaths.Count > 0)
                            throw new FormatException($"line {d.Line + 1}: {d.Value} was already referenced as {_packages[existing]}; a session cannot load two versions of one package");
                        _packages[existing] = new PackageRequest(d.Value, d.Version);
                    }
                    else
                    {
                        _packages.Add(new PackageRequest(d.Value, d.Version));
                    }
                    newPackages = true;
                    requested.Add(d.Value);
                    break;
                case DirectiveKind.AssemblyReference:
                    var path = Path.GetFullPath(Path.Combine(_options.WorkingDirectory, d.Value));
                    if (!File.Exists(path))
                        throw new FileNotFoundException($"line {d.Line + 1}: #r \"{d.Value}\": no assembly at {path}", path);
                    AddReference(path);
                    ReferenceCatalog.AddProbeDirectory(Path.GetDirectoryName(path)!);
                    requested.Add(Path.GetFileNameWithoutExtension(path));
                    break;
                case DirectiveKind.Load:
                    break; // Roslyn resolves #load against the cell's folder (ScriptSourceResolver)
            }
        }
        if (!newPackages) return requested;
        var set = await _resolver.ResolveAsync(_packages, _sources, ct).ConfigureAwait(false);
        ReferenceCatalog.AddProbeDirectory(set.Directory);
        foreach (var dll in set.ManagedAssemblies)
        {
            var reference = ReferenceCatalog.ReferencePathFor(dll);
            if (reference is not null) AddReference(reference);
        }
        // only packages whose main assembly carries the package's name (AdaptiveEtl.Kit.Notebooks.dll), not meta-packages
        var managed = set.ManagedAssemblies.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return requested.Where(n => managed.Contains(n)).ToList();
    }

    /// <summary>
    /// Adds a reference unless an assembly of that name is already referenced: a later package set re-publishes earlier
    /// packages into a new folder, and the copy loaded first must stay the one cells compile against.
    /// </summary>
    private void AddReference(string path)
    {
        if (!_referencedNames.Add(Path.GetFileNameWithoutExtension(path))) return;
        if (_referencedPaths.Add(path)) _references.Add(ReferenceCatalog.FromFile(path));
    }

    private string ResolveSource(string source) =>
        NuGetPackageResolver.IsUrl(source) ? source : Path.GetFullPath(Path.Combine(_options.WorkingDirectory, source));

    private void Publish(FormattedValue value, string displayId, bool isUpdate)
    {
        if (_options.DisplaySink is { } sink) sink.Publish(value, displayId, isUpdate);
        else (_options.StandardOutput ?? Console.Out).WriteLine(value.PlainText);
    }

    private CellResult Failed(CellError error, Stopwatch clock) => new(false, null, false, null, error, clock.Elapsed);

    /// <summary>True when the submission ends with a non-void expression without <c>;</c> (Roslyn's submission-result rule).</summary>
    private static bool HasTrailingExpression(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.LastOrDefault();
        if (tree?.GetRoot() is not Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax root) return false;
        if (root.Members.LastOrDefault() is not Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax { Statement: Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax statement }
            || !statement.SemicolonToken.IsMissing)
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            Exception? inner = e switch
            {
                AggregateException { InnerExceptions.Count: 1 } a => a.InnerExceptions[0],
                TargetInvocationException t => t.InnerException,
                _ => null,
            };
            if (inner is null) return e;
            e = inner;
        }
    }

    private static string FormatDiagnostic(Diagnostic d)
    {
        if (!d.Location.IsInSource) return $"error {d.Id}: {d.GetMessage()}";
        var span = d.Location.GetLineSpan();
        var where = span.Path.Length > 0 && !Path.GetFileName(span.Path).StartsWith("cell", StringComparison.Ordinal) ? Path.GetFileName(span.Path) + " " : "";
        return $"{where}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage()}";
    }

    /// <summary>
    /// Frames of <paramref name="ex"/>, innermost first: cell code as <c>at Method, line N</c> (cell-relative; <c>at line N</c> for
    /// top-level code), other code as <c>at Type.Method</c>. Frames outside the cells' last one (the engine, the scripting
    /// runtime) are dropped.
    /// </summary>
    private static IReadOnlyList<string> StackFrames(Exception ex, string cellPath)
    {
        var frames = new List<(string Text, bool InCell)>();
        foreach (var frame in new StackTrace(ex, fNeedFileInfo: true).GetFrames())
        {
            var method = frame.GetMethod();
            if (method is null) continue;
            var type = method.DeclaringType;
            var file = frame.GetFileName();
            var line = frame.GetFileLineNumber();
            if (file is not null && line > 0 && file.EndsWith(".csx", StringComparison.OrdinalIgnoreCase))
            {
                var name = DescribeScriptMethod(method);
                var where = file == cellPath ? "" : $" in {Path.GetFileName(file)}";
                frames.Add((name is null ? $"at line {line}{where}" : $"at {name}, line {line}{where}", true));
            }
            else if (type is not null && !IsPlumbing(type))
            {
                frames.Add(($"at {type.FullName}.{method.Name}", false));
            }
        }
        var lastCell = frames.FindLastIndex(f => f.InCell);
        return (lastCell >= 0 ? frames.Take(lastCell + 1) : frames).Select(f => f.Text).ToList();
    }

    private static bool IsPlumbing(Type type)
    {
        var ns = type.Namespace ?? "";
        var outer = type;
        while (outer.DeclaringType is not null) outer = outer.DeclaringType;
        return ns.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
            || ns.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal)
            || ns.StartsWith("System.Runtime.ExceptionServices", StringComparison.Ordinal)
            || ns.StartsWith("System.Threading.Tasks", StringComparison.Ordinal)
            || ns.StartsWith("AdaptiveEtl.Kit.Scripting", StringComparison.Ordinal)
            || outer.Name.StartsWith("Submission#", StringComparison.Ordinal);
    }

    private static string? DescribeScriptMethod(MethodBase method)
    {
        var name = method.Name;
        if (name is "<Initialize>" or "<Factory>" or "MoveNext")
        {
            // top-level code (or an async state machine of it / of a local function)
            var owner = method.DeclaringType?.Name ?? "";
            if (owner.StartsWith("<<Initialize>", StringComparison.Ordinal) || owner.StartsWith("Submission#", StringComparison.Ordinal) || name != "MoveNext") return null;
            var m = System.Text.RegularExpressions.Regex.Match(owner, @"^<(?:<Initialize>g__)?([^>|]+)");
            return m.Success ? m.Groups[1].Value : null;
        }
        var local = System.Text.RegularExpressions.Regex.Match(name, @"g__([^|]+)\|");
        return local.Success ? local.Groups[1].Value : name;
    }
}
