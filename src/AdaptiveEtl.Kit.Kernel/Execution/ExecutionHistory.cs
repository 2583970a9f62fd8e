using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdaptiveEtl.Kit.Kernel.Execution;

/// <summary>
/// The inputs executed with <c>store_history</c> in this kernel process, answering <c>history_request</c>
/// (tail, range and search access); with <c>output: true</c> each entry is <c>[input, output]</c>, the output being the
/// <c>text/plain</c> of the cell's <c>execute_result</c> (null when the cell returned nothing), as IPython answers.
/// </summary>
internal sealed class ExecutionHistory
{
    private readonly List<(int Session, int Line, string Input, string? Output)> _entries = [];
    private readonly object _gate = new();

    /// <summary>The current session number; 1 for the first session of the process.</summary>
    public int Session { get; private set; } = 1;

    /// <summary>Records an input (and the plain text of its result, if any) under its execution count.</summary>
    public void Add(int executionCount, string input, string? output = null)
    {
        lock (_gate) _entries.Add((Session, executionCount, input, output));
    }

    /// <summary>Starts a new session (after a restart of the script session).</summary>
    public void NewSession()
    {
        lock (_gate) Session++;
    }

    /// <summary>The <c>history</c> list of a history_reply: <c>[session, line, input]</c> triples, or <c>[session, line, [input, output]]</c> when the request asks for <c>output</c>.</summary>
    public JsonArray Query(JsonObject request)
    {
        (int Session, int Line, string Input, string? Output)[] entries;
        lock (_gate) entries = _entries.ToArray();
        var access = request["hist_access_type"]?.GetValue<string>() ?? "tail";
        IEnumerable<(int Session, int Line, string Input, string? Output)> selected = access switch
        {
            "range" => Range(entries, request),
            "search" => Search(entries, request),
            _ => entries,
        };
        var n = request["n"] is JsonValue nv && nv.TryGetValue<int>(out var count) ? count : int.MaxValue;
        var list = selected.ToList();
        if (access is "tail" or "search" && n >= 0 && n < list.Count) list = list.Skip(list.Count - n).ToList();
        var result = new JsonArray();
        var withOutput = request["output"] is JsonValue ov && ov.TryGetValue<bool>(out var o) && o;
        foreach (var e in list)
            result.Add(withOutput ? new JsonArray(e.Session, e.Line, new JsonArray(e.Input, e.Output)) : new JsonArray(e.Session, e.Line, e.Input));
        return result;
    }

    private IEnumerable<(int Session, int Line, string Input, string? Output)> Range((int Session, int Line, string Input, string? Output)[] entries, JsonObject request)
    {
        var session = request["session"] is JsonValue sv && sv.TryGetValue<int>(out var s) ? s : 0;
        // IPython convention: session 0 (or absent) is the current one, negative numbers count back from it.
        if (session <= 0) session = Session + session;
        var start = request["start"] is JsonValue a && a.TryGetValue<int>(out var st) ? st : 0;
        var stop = request["stop"] is JsonValue b && b.TryGetValue<int>(out var sp) ? sp : int.MaxValue;
        return entries.Where(e => e.Session == session && e.Line >= start && e.Line < stop);
    }

    private static IEnumerable<(int Session, int Line, string Input, string? Output)> Search((int Session, int Line, string Input, string? Output)[] entries, JsonObject request)
    {
        var pattern = request["pattern"]?.GetValue<string>() ?? "*";
        // The pattern is a glob (fnmatch) as in IPython: '*' any text, '?' one character.
        var regex = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.Singleline);
        var matches = entries.Where(e => regex.IsMatch(e.Input));
        var unique = request["unique"] is JsonValue u && u.TryGetValue<bool>(out var uq) && uq;
        if (!unique) return matches;
        // Keep the latest occurrence of each input.
        var seen = new HashSet<string>();
        return matches.Reverse().Where(e => seen.Add(e.Input)).Reverse();
    }
}
