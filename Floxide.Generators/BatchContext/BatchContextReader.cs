using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// Reads a <c>[BatchContext]</c> type into a <see cref="BatchContextDefinition"/>, checking every rule on the way:
/// the single home of the batch-context rules, with the parts it delegates: the members' (R5 to R9) to
/// <see cref="BatchMemberRules"/>, resilience (R12) to <see cref="Resilience.ResilienceReader"/>, the durable ones
/// (R13, R14) to <see cref="DurableRulesReader"/>, adaptive concurrency (R15) to
/// <see cref="Resilience.AdaptiveConcurrencyReader"/>. The generator keeps the definitions without errors (see
/// <see cref="BatchContextParser"/>); <c>BatchContextAnalyzer</c> reports the problems of all of them.
/// </summary>
/// <remarks>
/// The rules (diagnostic IDs in parentheses; "elsewhere" means the type is refused and another diagnostic explains why):
/// <list type="bullet">
/// <item>R0: no type the rules look at (items, per-item, outputs) is or mentions an unresolved or file-local type,
/// and [BatchContext] is not repeated on two partial declarations (the compiler's errors, elsewhere).</item>
/// <item>R1: a non-static, non-abstract, non-file-local class or record class (FLX0022; a struct is the compiler's CS0592).</item>
/// <item>R2: it and every containing type are <c>partial</c> in every declaration (FLX0001, elsewhere).</item>
/// <item>R3: it neither declares nor inherits (in sight: not private, nor internal to another assembly) any of
/// <see cref="FloxideNames.ReservedMembers.BatchContext"/>, nor a member named like one of its hooks (<see cref="FloxideNames.ReservedMembers.BatchContextHooks"/>) other than the hook's
/// partial method, declares none named like the resilience helper (<see cref="FloxideNames.ReservedMembers.BatchContextHelpers"/>),
/// is not itself named like any of these (CS0542), and no base type is itself a [BatchContext] (FLX0023).</item>
/// <item>R4: <c>MaxDegreeOfParallelism</c>, when set, is at least 1 (FLX0013, elsewhere).</item>
/// <item>R5: a member carries at most one role (FLX0010), on an instance field or property that generated code can name
/// (FLX0011), never on a compiler-generated backing field or an event's (FLX0028).</item>
/// <item>R6: exactly one readable [BatchItems] member (FLX0002, FLX0003, FLX0011), whose type is or implements exactly one of
/// <c>IEnumerable&lt;T&gt;</c> / <c>IAsyncEnumerable&lt;T&gt;</c> (FLX0004; a type parameter through its constraints), T not a ref struct or pointer (elsewhere).</item>
/// <item>R7: exactly one assignable [BatchItem] member of type T, nullability and tuple element names aside, that accepts the items (FLX0005, FLX0006).</item>
/// <item>R8: every [PerItem] member is assignable and its type has an accessible parameterless constructor (FLX0009).</item>
/// <item>R9: at most one readable [ItemOutput] and one [BatchOutputs] member (FLX0003), the latter only with an [ItemOutput]
/// (FLX0007), not an array, implementing <c>ICollection&lt;E&gt;</c> for exactly one E that takes the output (FLX0008).</item>
/// <item>R10 (classes): no primary constructor, a base class with an accessible parameterless constructor, no user
/// constructor taking (context, item), the generated one's signature (FLX0025). A base constructor whose parameters
/// are all optional or a params array counts as parameterless: the generated constructor's implicit base() calls it.</item>
/// <item>R11: the type does not implement <c>IStreamingBatchContext</c> itself (FLX0027).</item>
/// <item>R12: its [Retry], [Timeout] and [RateLimit] are valid (FLX0150 to FLX0154, FLX0160 and FLX0161, <see cref="Resilience.ResilienceReader"/>).</item>
/// <item>R13: a <c>DurableJson</c> context can serialize the item and the [ItemOutput] type (FLX0029), and with it the
/// context neither declares nor inherits (in sight: not private, nor internal to another assembly) any of
/// <see cref="FloxideNames.ReservedMembers.DurableBatchContext"/>, nor is named like one (FLX0023).</item>
/// <item>R14: the item type has at most one [ItemKey] member (FLX0030; <c>[field: ItemKey]</c> marks its property, and
/// <c>[ItemKey]</c> on a positional record's parameter the property the record makes of it), an instance field or
/// property the context can read, not an event nor a parameter that makes no property (FLX0031), whose type has a stable string form
/// (FLX0032, <see cref="ItemKeyFormats"/>).</item>
/// <item>R15: its [AdaptiveConcurrency] settings are in range (FLX0156) and its readers name methods that fit: the context's
/// own by a bare name (FLX0157), another type's by <c>nameof(Type.M)</c> (FLX0164, <see cref="Resilience.AdaptiveConcurrencyReader"/>).</item>
/// <item>R16: <c>CancellationGracePeriodMs</c>, when set, is 0 or more, or -1 (FLX0035, <see cref="GracePeriod"/>, the rule a
/// <c>[BatchStep]</c>'s own period follows too).</item>
/// </list>
/// And warnings the generator does not need: a mutable member every item would share (FLX0014), a [Shared] value
/// that every item gets a copy of (FLX0034), an output a run
/// would drop unseen (FLX0026: no [BatchOutputs], and the context neither durable, nor keeping its results, nor merging
/// them in <c>OnResultsMerged</c>) and inherited state the item contexts of a class cannot get (FLX0033).
/// </remarks>
internal static class BatchContextReader
{
    /// <summary>Property of FLX0002: the one member that could be the [BatchItems] member, when there is exactly one.</summary>
    public const string CandidateProperty = "Candidate";

    /// <summary>Property of FLX0014: "true" when the shared member is an array (which cannot be [PerItem], FLX0009).</summary>
    public const string IsArrayProperty = "IsArray";

    /// <summary>Reads <paramref name="type"/>, which carries <paramref name="attribute"/> (<c>[BatchContext]</c>).</summary>
    /// <param name="type">The context type.</param>
    /// <param name="attribute">Its <c>[BatchContext]</c>.</param>
    /// <param name="compilation">The compilation, for accessibility questions.</param>
    /// <param name="includeWarnings">Whether to look for the warnings too; the generator, which only needs the errors, skips them.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public static BatchContextDefinition Read(
        INamedTypeSymbol type, AttributeData attribute, Compilation compilation, bool includeWarnings, CancellationToken cancellationToken)
    {
        var definition = new BatchContextDefinition(type, compilation) { IsExplainedElsewhere = SymbolRules.IsAttributeRepeated(type, attribute) };

        // R1
        if (type.TypeKind != TypeKind.Class)
        {
            definition.IsExplainedElsewhere = true;
            return definition;
        }

        var fileLocal = SymbolRules.FileLocalPlace(type);
        if (type.IsStatic || type.IsAbstract || fileLocal is not null)
        {
            // Nothing else matters until the generator can extend and instantiate the type.
            definition.Report(DiagnosticDescriptors.UnsupportedTypeKind, null, type.Name, "BatchContext", type.IsStatic ? "static" : type.IsAbstract ? "abstract" : fileLocal!);
            return definition;
        }

        // R3, first: a context derived from another [BatchContext] inherits the generated members and contract (from another
        // assembly, its items and slot too), so every later rule would only echo this one cause.
        if (SymbolRules.AnnotatedBase(type, FloxideNames.Attributes.BatchContext) is { } annotatedBase)
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, null, ReservedNameClash.Member(type.Name, annotatedBase.Name, "BatchContext"));
            return definition;
        }

        // R2, R4
        definition.IsExplainedElsewhere |= !SymbolRules.IsPartialAllTheWayUp(type, cancellationToken);
        // Results merge as they arrive unless the context asks to keep them all.
        definition.StreamResults = FloxideAttributes.NamedArgument(attribute, FloxideNames.Arguments.KeepResults) is not { Value: true };
        definition.MaxDegreeOfParallelism = FloxideAttributes.IntArgument(attribute, FloxideNames.Arguments.MaxDegreeOfParallelism);
        definition.IsExplainedElsewhere |= ParallelismBelowOne(attribute) is not null;

        // R16
        ReadGracePeriod(definition, attribute, cancellationToken);

        // R12
        definition.Resilience = Resilience.ResilienceReader.Read(definition, stepLevel: false, cancellationToken);
        // R15
        definition.AdaptiveConcurrency = Resilience.AdaptiveConcurrencyReader.Read(definition, compilation, cancellationToken);

        ReadReservedNames(definition, cancellationToken);

        // R11
        if (ImplementsStreamingByHand(type, definition.StreamResults, cancellationToken))
        {
            definition.Report(DiagnosticDescriptors.StreamingImplementedByHand, null, type.Name);
        }

        var valid = BatchMemberRules.Read(definition, compilation, cancellationToken, out var declaredRoles);
        BatchMemberRules.ReadItems(definition, valid, declaredRoles);
        BatchMemberRules.ReadPerItem(definition, valid);
        BatchMemberRules.ReadOutputs(definition, valid, declaredRoles);

        // R10
        if (!type.IsRecord && definition.ItemType is { } item && GetConstructorProblem(type, item, compilation, cancellationToken) is { } constructorProblem)
        {
            definition.Report(DiagnosticDescriptors.UnsupportedBatchContextConstructor, null, type.Name, constructorProblem);
        }

        // R13, R14
        DurableRulesReader.Read(definition, attribute, compilation, cancellationToken);

        if (includeWarnings)
        {
            BatchMemberRules.ReadUncollectedOutput(definition, declaredRoles);
            ReadSharedMutableMembers(definition);
            ReadSharedValueMembers(definition, valid);
            ReadUncopiedInheritedState(definition, cancellationToken);
        }

        return definition;
    }

    /// <summary>
    /// Reads a <c>[BatchContext]</c> type given as a symbol, or returns null when it is not one (the workflow reader asks
    /// this of a batch step's context: a workflow that would call the factories of a refused context generates nothing either).
    /// </summary>
    public static BatchContextDefinition? Read(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken) =>
        FloxideAttributes.Find(type, FloxideNames.Attributes.BatchContext) is { } attribute
            ? Read(type, attribute, compilation, includeWarnings: false, cancellationToken)
            : null;

    /// <summary>
    /// R4: the <c>MaxDegreeOfParallelism</c> argument of <paramref name="attribute"/> (<c>[BatchContext]</c>) when it is
    /// below 1, else null. <c>ParallelismAnalyzer</c> reports it (FLX0013), with every other limit below 1.
    /// </summary>
    public static int? ParallelismBelowOne(AttributeData attribute) =>
        FloxideAttributes.IntArgument(attribute, FloxideNames.Arguments.MaxDegreeOfParallelism) is { } limit && limit < 1 ? limit : null;

    /// <summary>
    /// R16: the <c>CancellationGracePeriodMs</c> argument. 0 is the options' own default, so it is kept as not set: a
    /// context that writes it generates what one that leaves it out does.
    /// </summary>
    private static void ReadGracePeriod(BatchContextDefinition definition, AttributeData attribute, CancellationToken cancellationToken)
    {
        if (FloxideAttributes.IntArgument(attribute, FloxideNames.Arguments.CancellationGracePeriodMs) is not { } milliseconds)
        {
            return;
        }

        if (GracePeriod.IsValid(milliseconds))
        {
            definition.CancellationGracePeriodMs = milliseconds == 0 ? null : milliseconds;
        }
        else
        {
            definition.Report(DiagnosticDescriptors.GracePeriodOutOfRange,
                FloxideAttributes.ArgumentLocation(attribute, FloxideNames.Arguments.CancellationGracePeriodMs, cancellationToken), GracePeriod.Number(milliseconds), definition.Type.Name);
        }
    }

    /// <summary>
    /// R3: no member the generator adds is declared or inherited, the hooks' names only by their partial methods, and the
    /// type is not named like one of them.
    /// </summary>
    private static void ReadReservedNames(BatchContextDefinition definition, CancellationToken cancellationToken)
    {
        var type = definition.Type;
        foreach (var member in SymbolRules.DeclaredReservedMembers(type, [.. FloxideNames.ReservedMembers.BatchContext, .. FloxideNames.ReservedMembers.BatchContextHelpers]))
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, member.Locations.FirstOrDefault(), ReservedNameClash.Member(type.Name, member.Name, "BatchContext"));
        }

        if (SymbolRules.FindInheritedClash(type, FloxideNames.ReservedMembers.BatchContext, FloxideNames.Attributes.BatchContext) is { } inherited)
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, null, ReservedNameClash.Member(type.Name, inherited, "BatchContext"));
        }

        // A field or an ordinary method named like a hook clashes with its generated definition (CS0102, CS0111); an inherited
        // one would be hidden by it (CS0108), and a base's method of the hook's signature would silently no longer be called.
        string[] hooks = definition.StreamResults
            ? [.. FloxideNames.ReservedMembers.BatchContextHooks, .. FloxideNames.ReservedMembers.StreamingBatchContextHooks]
            : FloxideNames.ReservedMembers.BatchContextHooks;
        foreach (var member in SymbolRules.DeclaredReservedMembers(type, hooks))
        {
            if (!SymbolRules.IsPartialMethod(member, cancellationToken))
            {
                definition.Report(DiagnosticDescriptors.ReservedMemberName, member.Locations.FirstOrDefault(), ReservedNameClash.Member(type.Name, member.Name, "BatchContext"));
            }
        }

        if (SymbolRules.FindInheritedClash(type, hooks, attributeMetadataName: null) is { } inheritedHook)
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, null, ReservedNameClash.Member(type.Name, inheritedHook, "BatchContext"));
        }

        // A member named like its type (CS0542) or its type parameter (CS0102) does not compile: such a context gets none.
        if (ReservedNameClash.NamedLike(type, FloxideNames.ReservedMembers.BatchContext, FloxideNames.ReservedMembers.BatchContextHelpers, hooks) is { } named)
        {
            definition.Report(DiagnosticDescriptors.ReservedMemberName, null, ReservedNameClash.TypeName(type.Name, named.Member, named.TypeParameter, "BatchContext"));
        }
    }

    /// <summary>
    /// The one member FLX0002's fix may mark [BatchItems]: stored, readable, without a role, a sequence (not a string)
    /// of the slot's type when there is a slot. Null when the context has a [BatchItems] member, or there is no such
    /// member or several. FLX0014 spares it, and FLX0002's fix reads it here too.
    /// </summary>
    internal static BatchMember? FindItemsCandidate(IReadOnlyList<BatchMember> members, Compilation compilation)
    {
        if (members.Any(m => (m.Roles & BatchMemberRole.BatchItems) != 0))
        {
            return null;
        }

        var slot = members.FirstOrDefault(m => m.Roles == BatchMemberRole.BatchItem);
        BatchMember? found = null;
        foreach (var member in members)
        {
            if (member.Roles == BatchMemberRole.None && member.IsStored && member.IsReadable && member.Type.SpecialType != SpecialType.System_String
                && TypeRules.GetSequenceElementType(member.Type, compilation) is { } element
                && (slot is null || TypeRules.AreSameType(element, slot.Type, compilation)))
            {
                if (found is not null)
                {
                    return null;
                }

                found = member;
            }
        }

        return found;
    }

    /// <summary>R10: why the generated (parent, item) constructor cannot be added to the class, or null.</summary>
    private static string? GetConstructorProblem(INamedTypeSymbol type, ITypeSymbol item, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { ParameterList: not null })
            {
                return "it has a primary constructor; declare ordinary constructors instead";
            }
        }

        if (!SymbolRules.CanCallBaseWithoutArguments(type, compilation))
        {
            return "its base class '" + Display(type.BaseType!) + "' has no constructor it can call without arguments";
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (SymbolRules.IsUserDeclared(constructor) && constructor.Parameters.Length == 2
                && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type)
                && TypeRules.AreSameType(constructor.Parameters[1].Type, item, compilation))
            {
                return "it already declares a constructor taking (" + type.Name + ", " + Display(item) + "), the generated constructor's signature";
            }
        }

        return null;
    }

    /// <summary>
    /// FLX0014: plain stored members whose one instance every item context would share and may mutate concurrently.
    /// Not on the one candidate for [BatchItems] while the context has none: FLX0002's fix marks it [BatchItems], and
    /// marking it [Shared] first would leave the batch running over a new, empty items member.
    /// </summary>
    private static void ReadSharedMutableMembers(BatchContextDefinition definition)
    {
        var itemsCandidate = FindItemsCandidate(definition.Members, definition.Compilation);
        foreach (var member in definition.Members)
        {
            if (member.Roles == BatchMemberRole.None && member.IsStored && TypeRules.IsUnsafeToShare(member.Type) && member != itemsCandidate)
            {
                var properties = member.Type is IArrayTypeSymbol
                    ? ImmutableDictionary<string, string?>.Empty.Add(IsArrayProperty, "true")
                    : ImmutableDictionary<string, string?>.Empty;
                definition.Report(DiagnosticDescriptors.SharedMutableMember, member.Location, properties, member.Name, Display(member.Type));
            }
        }
    }

    /// <summary>
    /// FLX0034: [Shared] members whose type is a plain value, one that holds no reference (C#'s unmanaged types: a
    /// primitive, an enum, a <c>Nullable&lt;T&gt;</c> or a struct of such values, a type parameter constrained to
    /// <c>unmanaged</c>): each item context gets a copy of the parent's value, so nothing is shared, and what an item
    /// writes is lost. A struct that holds a reference (<c>Memory&lt;T&gt;</c>, <c>ArraySegment&lt;T&gt;</c>, a
    /// <c>CancellationToken</c>, a tuple with a shared object in it) is not reported: its copies share what it refers to.
    /// Only members whose [Shared] is otherwise usable (<paramref name="valid"/>: one role, not static, not on a backing
    /// field; the others are errors already), and only stored ones, whose value is what the item-context factory copies:
    /// a property with accessor bodies may read and write state that is shared (<c>get =&gt; _box.Value;</c>).
    /// </summary>
    private static void ReadSharedValueMembers(BatchContextDefinition definition, List<BatchMember> valid)
    {
        foreach (var member in valid)
        {
            if (member.Roles == BatchMemberRole.Shared && member.IsStored && member.Type.IsUnmanagedType && !SymbolRules.HasErrors(member.Type))
            {
                definition.Report(DiagnosticDescriptors.SharedValueTypeMember, member.Location, member.Name, Display(member.Type));
            }
        }
    }

    /// <summary>FLX0033: inherited settable state the generated item-context constructor of a class cannot copy.</summary>
    private static void ReadUncopiedInheritedState(BatchContextDefinition definition, CancellationToken cancellationToken)
    {
        foreach (var (member, owner, reason) in ItemContextAssignments.FindUncopiedState(definition, cancellationToken))
        {
            // The context's own override is where the fix goes; an inherited member is reported on the context.
            var location = SymbolEqualityComparer.Default.Equals(member.ContainingType, definition.Type) ? member.Locations.FirstOrDefault() : null;
            definition.Report(DiagnosticDescriptors.UncopiedInheritedState, location, definition.Type.Name, member.Name, owner.Name, reason);
        }
    }

    /// <summary>
    /// Whether the user, not the generator, makes the type an <c>IStreamingBatchContext</c>: a base class implements
    /// it, another interface extends it, or a hand-written declaration lists it. The generator lists it unless
    /// <c>KeepResults = true</c>, in a generated file, which an analyzer sees as well.
    /// </summary>
    private static bool ImplementsStreamingByHand(INamedTypeSymbol type, bool streamResults, CancellationToken cancellationToken)
    {
        if (!type.AllInterfaces.Any(SymbolRules.IsStreamingBatchContext))
        {
            return false;
        }

        if (!streamResults
            || (type.BaseType is { } baseType && baseType.AllInterfaces.Any(SymbolRules.IsStreamingBatchContext))
            || type.Interfaces.Any(i => !SymbolRules.IsStreamingBatchContext(i) && i.AllInterfaces.Any(SymbolRules.IsStreamingBatchContext)))
        {
            return true;
        }

        var generatedPartInView = false;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (IsGeneratedFile(reference.SyntaxTree))
            {
                generatedPartInView = true;
            }
            else if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: { } baseList }
                && baseList.Types.Any(t => NamedIdentifier(t.Type) == "IStreamingBatchContext"))
            {
                return true;
            }
        }

        // The generator itself reads the type without its generated part: then whatever lists the interface is the user's.
        return !generatedPartInView;
    }

    private static bool IsGeneratedFile(SyntaxTree tree) => tree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase);

    private static string? NamedIdentifier(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => NamedIdentifier(qualified.Right),
        AliasQualifiedNameSyntax alias => NamedIdentifier(alias.Name),
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    /// <summary>How diagnostics spell a type.</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
}
