using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Diagnostics;

/// <summary>
/// The catalog of every diagnostic Floxide reports. IDs are stable: a retired rule keeps its number
/// forever and new rules take the next free one (see <c>AnalyzerReleases.*.md</c> and <c>docs/diagnostics/</c>).
/// </summary>
/// <remarks>
/// The generator emits nothing for a type that any error here describes, so each mistake surfaces as
/// exactly one of these diagnostics rather than as compiler errors in generated code. The descriptors
/// live in one file per category: <c>DiagnosticDescriptors.Declarations.cs</c>, <c>.BatchContext.cs</c>,
/// <c>.Nodes.cs</c>, <c>.Concurrency.cs</c>, <c>.Workflows.cs</c> and <c>.Resilience.cs</c>.
/// </remarks>
internal static partial class DiagnosticDescriptors
{
    /// <summary>The category of rules about how a <c>[BatchContext]</c> or <c>[Node]</c> type is declared.</summary>
    public const string DeclarationCategory = "Floxide.Declaration";

    /// <summary>The category of rules about the members of a <c>[BatchContext]</c> type.</summary>
    public const string BatchContextCategory = "Floxide.BatchContext";

    /// <summary>The category of rules about <c>[Node]</c> process methods and where nodes are wired.</summary>
    public const string NodeCategory = "Floxide.Node";

    /// <summary>The category of rules about concurrency: parallelism limits, shared state, blocking.</summary>
    public const string ConcurrencyCategory = "Floxide.Concurrency";

    /// <summary>The category of rules about <c>[Workflow]</c> graphs: steps, routes, start, reachability, cycles.</summary>
    public const string WorkflowCategory = "Floxide.Workflow";

    /// <summary>The category of rules about resilience attributes: <c>[Retry]</c>, <c>[Timeout]</c>, <c>[RateLimit]</c>, <c>[ConcurrencyLimit]</c>.</summary>
    public const string ResilienceCategory = "Floxide.Resilience";

    /// <summary>The help link of a diagnostic: its page under <c>docs/diagnostics/</c> in the repository.</summary>
    /// <param name="id">The diagnostic ID.</param>
    /// <returns>The absolute URL of the page.</returns>
    public static string HelpLink(string id) => "https://github.com/floxide-dotnet/floxide/blob/main/docs/diagnostics/" + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string description) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));
}
