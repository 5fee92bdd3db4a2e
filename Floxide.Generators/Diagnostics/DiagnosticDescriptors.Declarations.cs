using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Diagnostics;

/// <content>The rules about how a <c>[BatchContext]</c> or <c>[Node]</c> type is declared.</content>
internal static partial class DiagnosticDescriptors
{
    /// <summary>FLX0001: a <c>[BatchContext]</c> or <c>[Node]</c> type, or a type containing one, is not partial.</summary>
    public static readonly DiagnosticDescriptor TypeMustBePartial = Create(
        "FLX0001",
        "Floxide types and their containing types must be partial",
        "'{0}' must be declared partial: the Floxide generator adds the [{1}] implementation of '{2}' to it",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "The generator completes a [BatchContext] or [Node] type by adding a partial declaration of it, which C# only allows when the type and every type that contains it are declared partial.");

    /// <summary>FLX0022: a <c>[BatchContext]</c>, <c>[Node]</c> or <c>[Workflow]</c> type of an unsupported kind.</summary>
    public static readonly DiagnosticDescriptor UnsupportedTypeKind = Create(
        "FLX0022",
        "The attributed type's kind is not supported",
        "'{0}' cannot be a [{1}] because it is {2}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "A batch context is instantiated for every item, so it must be a non-static, non-abstract class or record class; a node is an instance implementing INode<TContext>, so it must be a non-static class or record class. Neither may be file-local, nor may a workflow: the generator's part lives in another file.");

    /// <summary>
    /// FLX0023: the type declares or inherits a member with a name the generator adds, derives from a type with the same
    /// attribute, or is itself named like a member the generator adds (arguments: <see cref="Helpers.ReservedNameClash"/>).
    /// </summary>
    public static readonly DiagnosticDescriptor ReservedMemberName = Create(
        "FLX0023",
        "The type declares or inherits a member the generator adds",
        "'{0}' {1} the generator adds to every [{2}] type; rename it{3}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        "The generator adds Id and RunAsync to a node, LastBatch, DefaultBatchOptions, CreateBatchNode and CreateBatchFlow to a batch context, and DurableCodec, CreateDurableRun and FloxideDurableCodec to a batch context with DurableJson; a member of the same name declared by the user, inherited from a base class (in sight: not private, nor internal to another assembly), or generated for an annotated base class (a [Node] deriving from a [Workflow] inherits its Id and RunAsync), would clash with them. So would a member named like a batch context's partial-method hooks (OnItemContextCreated, OnBatchCompleted, OnResultsMerged) other than the hook's own implementation, or named like the private resilience helpers (__FloxideBuildResilience, and on a node __FloxideResilience and __FloxideRunOnceAsync). A type named like any member the generator would add to it, or with a type parameter so named, is reported too: C# allows no member named like its type (CS0542) or like a type parameter of its type (CS0102).");
}
