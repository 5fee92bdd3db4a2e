using Microsoft.CodeAnalysis;

namespace Floxide.Generators;

/// <summary>What every generated file says about its origin.</summary>
internal static class GeneratorInfo
{
    /// <summary>The tool name in <c>[GeneratedCode]</c>.</summary>
    public const string ToolName = "Floxide.Generators";

    /// <summary>The tool version in <c>[GeneratedCode]</c>: the generator assembly's version (major.minor.patch).</summary>
    public static readonly string Version = typeof(GeneratorInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The attribute line placed on every generated member.</summary>
    public static readonly string GeneratedCodeAttribute =
        $"[global::System.CodeDom.Compiler.GeneratedCode(\"{ToolName}\", \"{Version}\")]";

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
