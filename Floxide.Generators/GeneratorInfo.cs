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

    /// <summary>Metadata name of <c>[BatchContext]</c>.</summary>
    public const string BatchContextAttribute = "Floxide.BatchContextAttribute";

    /// <summary>Metadata name of <c>[Node]</c>.</summary>
    public const string NodeAttribute = "Floxide.NodeAttribute";

    /// <summary>Metadata name of <c>[Workflow]</c>.</summary>
    public const string WorkflowAttribute = "Floxide.WorkflowAttribute";
}
