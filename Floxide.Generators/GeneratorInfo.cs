using Microsoft.CodeAnalysis;

namespace Floxide.Generators;

/// <summary>What every generated file says about its origin.</summary>
internal static class GeneratorInfo
{
    /// <summary>The tool name in <c>[GeneratedCode]</c>.</summary>
    public const string ToolName = "Floxide.Generators";

    /// <summary>
    /// The tool version in <c>[GeneratedCode]</c>: the package's version, which the build's <c>Version</c> stamps on the
    /// generator assembly as its informational version (a prerelease label kept, Source Link's <c>+commit</c> dropped);
    /// the assembly version (major.minor.patch) when there is none.
    /// </summary>
    public static readonly string Version = ReadVersion();

    /// <summary>The attribute line placed on every generated member.</summary>
    public static readonly string GeneratedCodeAttribute =
        $"[global::System.CodeDom.Compiler.GeneratedCode(\"{ToolName}\", \"{Version}\")]";

    private static string ReadVersion()
    {
        var assembly = typeof(GeneratorInfo).Assembly;
        foreach (var attribute in assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), inherit: false))
        {
            var informational = ((System.Reflection.AssemblyInformationalVersionAttribute)attribute).InformationalVersion;
            var metadata = informational.IndexOf('+');
            var version = metadata < 0 ? informational : informational.Substring(0, metadata);
            if (version.Length > 0)
            {
                return version;
            }
        }

        return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }

    /// <summary>
    /// Whether <paramref name="member"/> was added by this generator, which marks every member it emits with
    /// <see cref="GeneratedCodeAttribute"/>. Analyzers see the generated part of a type, and must not mistake its
    /// constructor, <c>Id</c> or <c>LastBatch</c> for the user's.
    /// </summary>
    public static bool IsGenerated(ISymbol member)
    {
        foreach (var data in member.GetAttributes())
        {
            if (data.AttributeClass is { Name: "GeneratedCodeAttribute" }
                && data.ConstructorArguments.Length > 0
                && data.ConstructorArguments[0].Value is string tool
                && tool == ToolName)
            {
                return true;
            }
        }

        return false;
    }
}
