using System.Reflection;
using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Kernel;

/// <summary>What the kernel reports about itself in <c>kernel_info_reply</c> and what its kernelspec declares.</summary>
public static class KernelLanguageInfo
{
    /// <summary>The implementation name.</summary>
    public const string Implementation = "adaptive-etl-kit";

    /// <summary>The language name clients use for syntax highlighting and notebook metadata.</summary>
    public const string LanguageName = "csharp";

    /// <summary>The C# language version cells are compiled with, as written to notebook metadata.</summary>
    public const string LanguageVersion = "13.0";

    /// <summary>The MIME type of C# source.</summary>
    public const string MimeType = "text/x-csharp";

    /// <summary>The extension scripts exported from notebooks get.</summary>
    public const string FileExtension = ".cs";

    /// <summary>The kit's version (the kernel assembly's informational version).</summary>
    public static string KitVersion { get; } =
        typeof(KernelLanguageInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The <c>language_info</c> object of kernel_info_reply.</summary>
    public static JsonObject ToJson() => new()
    {
        ["name"] = LanguageName,
        ["version"] = LanguageVersion,
        ["mimetype"] = MimeType,
        ["file_extension"] = FileExtension,
        ["pygments_lexer"] = "csharp",
        ["codemirror_mode"] = "text/x-csharp",
    };
}
