using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Kernel.Execution;
using AdaptiveEtl.Kit.Kernel.Messaging;
using AdaptiveEtl.Kit.Scripting;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

public sealed class IopubOutputRouterTests
{
    private readonly ConcurrentQueue<(string Type, JsonObject Content, string? Parent)> _sent = new();

    private IopubOutputRouter CreateRouter() => new((type, content, parent) => _sent.Enqueue((type, content, (string?)parent?.Header["msg_id"])));

    private static JupyterMessage Request(string id) => new() { Header = new JsonObject { ["msg_id"] = id, ["msg_type"] = "execute_request" } };

    [Fact]
    public void Interleaved_stdout_stderr_and_displays_keep_their_order()
    {
        using var router = CreateRouter();
        router.BeginRequest(Request("r1"), silent: false);
        router.StandardOutput.Write("a");
        router.StandardOutput.Write("b");
        router.StandardError.Write("c");
        router.Display(MimeBundle.PlainText("d"), "id-1", isUpdate: false);
        router.StandardOutput.Write("e");
        router.Display(MimeBundle.PlainText("f"), "id-1", isUpdate: true);
        router.EndRequest();

        var sent = _sent.ToList();
        Assert.Equal(["stream:ab", "stream:c", "display_data:d", "stream:e", "update_display_data:f"],
            sent.Select(s => s.Type + ":" + ((string?)s.Content["text"] ?? (string?)s.Content["data"]!["text/plain"])));
        Assert.All(sent, s => Assert.Equal("r1", s.Parent));
        Assert.Equal("id-1", (string?)sent[4].Content["transient"]!["display_id"]);
    }

    [Fact]
    public void A_partial_line_is_sent_by_the_timer_without_a_flush()
    {
        using var router = CreateRouter();
        router.BeginRequest(Request("r1"), silent: false);
        router.StandardOutput.Write("progress 10%");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_sent.IsEmpty && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.Equal("progress 10%", (string?)_sent.Single().Content["text"]);
    }

    [Fact]
    public void Silent_requests_publish_nothing()
    {
        using var router = CreateRouter();
        router.BeginRequest(Request("r1"), silent: true);
        router.StandardOutput.WriteLine("hidden");
        router.Display(MimeBundle.PlainText("hidden"), null, false);
        router.EndRequest();
        Assert.Empty(_sent);
    }

    [Fact]
    public void Json_mime_types_are_embedded_as_json_and_text_plain_is_always_present()
    {
        var bundle = MimeBundle.ToJson(new FormattedValue(new Dictionary<string, string> { ["application/vnd.plotly.v1+json"] = "{\"data\":[]}", ["text/html"] = "<div/>" }));
        Assert.IsType<JsonObject>(bundle["application/vnd.plotly.v1+json"], exactMatch: false);
        Assert.Equal("<div/>", (string?)bundle["text/html"]);
        Assert.Equal("", (string?)bundle["text/plain"]);
    }
}
