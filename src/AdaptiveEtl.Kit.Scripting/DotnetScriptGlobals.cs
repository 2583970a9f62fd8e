namespace AdaptiveEtl.Kit.Scripting;

/// <summary>
/// The globals of <see cref="ScriptMode.StrictDotnetScript"/>: only what dotnet-script gives a script, <c>Args</c> (its
/// <c>CommandLineScriptGlobals</c> subclass <c>ScriptGlobals.Args</c>; github.com/dotnet-script/dotnet-script
/// src/Dotnet.Script.Core/ScriptContext.cs), so a script calling the notebook-only <c>display(x)</c> fails to compile as it
/// would under dotnet-script. Public because script code binds to it.
/// </summary>
public sealed class DotnetScriptGlobals
{
    internal DotnetScriptGlobals(IList<string> args) => Args = args;

    /// <summary>The script's command-line arguments.</summary>
    public IList<string> Args { get; }
}
