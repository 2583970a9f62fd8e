using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdaptiveEtl.Kit.Kernel.Execution;

/// <summary>
/// The inputs executed with <c>store_history</c> in this kernel process, answering <c>history_request</c>
/// (tail, range and search access; output is not kept).
/// </summary>
internal sealed class ExecutionHistory
{
    private readonly List<(int Session, int Line, string Input)> _entries = [];
    private readonly object _gate = new();

    /// <summary>The current session number; 1 for the first session of the process.</summary>
    public int Session { get; private set; } = 1;

    /// <summary>Records an input under its execution count.</summary>
    public void Add(int executionCount, string input)
    {
        lock (_gate) _entries.Add((Session, executionCount, input));
    }

    /// <summary>Starts a new session (after a restart of the script session).</summary>
    public void NewSession()
    {
        lock (_gate) Session++;
    }

    /// <summary>The <c>history</c> list of a history_reply: <c>[session, line, input]</c> triples.</summary>
    public JsonArray Query(JsonObject request)
    {
        (int Session, int Line, string Input)[] entries;
        lock (_gate) entries = _entries.ToArray();
        var access = request["hist_access_type"]?.GetValue<string>() ?? "tail";
        IEnumerable<(int Session, int Line, string Input)> selected = access switch
        {
            "range" => Range(entries, request),
            "search" => Search(entries, request),
            _ => entries,
        };
        var n = request["n"] is JsonValue nv && nv.TryGetValue<int>(out var count) ? count : int.MaxValue;
        var list = selected.ToList();
        if (access is "tail" or "search" && n >= 0 && n < list.Count) list = list.Skip(list.Count - n).ToList();
        var result = new JsonArray();
        foreach (var e in list) result.Add(new JsonArray(e.Session, e.Line, e.Input));
        return result;
    }

    private IEnumerable<(int Session, int Line, string Input)> Range((int Session, int Line, string Input)[] entries, JsonObject request)
    {
        var session = request["session"] is JsonValue sv && sv.TryGetValue<int>(out var s) ? s : 0;
        // IPython convention: session 0 (or absent) is the current one, negative numbers count back from it.
        if (session <= 0) session = Session + session;
        var start = request["start"] is JsonValue a && a.TryGetValue<int>(out var st) ? st : 0;
        var stop = request["stop"] is JsonValue b && b.TryGetValue<int>(out var sp) ? sp : int.MaxValue;
        return entries.Where(e => e.Session == session && e.Line >= start && e.Line < stop);
    }

    private static IEnumerable<(int Session, int Line, string Input)> Search((int Session, int Line, string Input)[] entries, JsonObject request)
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
