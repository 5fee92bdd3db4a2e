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

/// <summary>The rules of a batch context's members in their roles (R5 to R9), for <see cref="BatchContextReader"/>.</summary>
internal static class BatchMemberRules
{
    /// <summary>
    /// R5: reads the members into <paramref name="definition"/> and returns those whose one role the generated code can
    /// use. <paramref name="declaredRoles"/> also holds the roles of refused members (a misplaced <c>field:</c> target
    /// included), so a role the user did write is never reported missing as well.
    /// </summary>
    public static List<BatchMember> Read(BatchContextDefinition definition, Compilation compilation, CancellationToken cancellationToken, out BatchMemberRole declaredRoles)
    {
        var type = definition.Type;
        var members = BatchMember.GetMembers(type);
        definition.Members = members;
        declaredRoles = BatchMemberRole.None;
        foreach (var member in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            declaredRoles |= member.Roles;
            if (member.BackingField is { } backingField && member.BackingFieldRoles != BatchMemberRole.None)
            {
                var advice = member.Symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is ParameterSyntax
                    ? "put it on the property with the 'property:' target"
                    : "put it on the property itself, without the 'field:' target";
                foreach (var (attribute, role) in BatchMember.GetRoleAttributes(backingField))
                {
                    var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? member.Location;
                    definition.Report(DiagnosticDescriptors.MemberAttributeOnBackingField, location, role.ToString(), member.Name, advice);
                }
            }
        }

        declaredRoles |= ReadEventFieldRoles(definition, compilation, cancellationToken);

        var valid = new List<BatchMember>(members.Length);
        foreach (var member in members)
        {
            // A role on a backing field is explained above; the member's other problems show once the attribute is where it belongs.
            if (member.Roles == BatchMemberRole.None || member.BackingFieldRoles != BatchMemberRole.None)
            {
                continue;
            }

            var names = BatchMemberRoles.Names(member.Roles).ToArray();
            if (names.Length > 1)
            {
                definition.Report(DiagnosticDescriptors.ConflictingMemberAttributes, member.Location, member.Name, names[0], names[1]);
            }
            else if (GetUsabilityProblem(member, type.IsRecord, cancellationToken) is { } problem)
            {
                definition.Report(DiagnosticDescriptors.UnusableBatchMember, member.Location, names[0], member.Name, problem);
            }
            else
            {
                valid.Add(member);
            }
        }

        return valid;
    }

    /// <summary>The single usable member with the role; FLX0003 on each when there are several.</summary>
    public static BatchMember? Single(BatchContextDefinition definition, List<BatchMember> valid, BatchMemberRole role)
    {
        var matches = valid.Where(member => member.Roles == role).ToList();
        if (matches.Count > 1)
        {
            foreach (var member in matches)
            {
                definition.Report(DiagnosticDescriptors.DuplicateBatchMember, member.Location, definition.Type.Name, role.ToString(), member.Name);
            }
        }

        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>R6 and R7: the items and the slot that receives each of them.</summary>
    public static void ReadItems(BatchContextDefinition definition, List<BatchMember> valid, BatchMemberRole declaredRoles)
    {
        var type = definition.Type;
        var items = BatchMemberRules.Single(definition, valid, BatchMemberRole.BatchItems);
        if (items is null && (declaredRoles & BatchMemberRole.BatchItems) == 0)
        {
            var candidate = BatchContextReader.FindItemsCandidate(definition.Members, definition.Compilation);
            var properties = candidate is null
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(BatchContextReader.CandidateProperty, candidate.Name);
            definition.Report(DiagnosticDescriptors.MissingBatchItems, null, properties, type.Name);
        }
        else if (items is not null)
        {
            definition.Items = items;
            if (SymbolRules.HasErrors(items.Type))
            {
                definition.IsExplainedElsewhere = true;
            }
            else if (TypeRules.GetSequenceElementType(items.Type, definition.Compilation, out var isStream) is not { } element)
            {
                definition.Report(DiagnosticDescriptors.BatchItemsNotSequence, items.Location, items.Name, BatchContextReader.Display(items.Type));
            }
            else
            {
                // A ref struct item type cannot be a slot's type in a class (CS8345); a pointer, not a type argument (CS0306).
                definition.IsExplainedElsewhere |= element.IsRefLikeType || element is IPointerTypeSymbol or IFunctionPointerTypeSymbol;
                definition.ItemType = element;
                definition.ItemsAreStream = isStream;
            }
        }

        var slot = BatchMemberRules.Single(definition, valid, BatchMemberRole.BatchItem);
        var itemType = definition.ItemType;
        if (slot is null && (declaredRoles & BatchMemberRole.BatchItem) == 0)
        {
            // The item type is named only when [BatchItems] gives one (without it, FLX0002 or FLX0004 says why).
            definition.Report(DiagnosticDescriptors.MissingBatchItem, null, type.Name, itemType is null ? "" : " of type '" + BatchContextReader.Display(itemType) + "'");
        }
        else if (slot is not null)
        {
            definition.Slot = slot;
            if (SymbolRules.HasErrors(slot.Type))
            {
                definition.IsExplainedElsewhere = true;
            }
            else if (itemType is not null && !TypeRules.SlotAccepts(slot.Type, itemType, definition.Compilation))
            {
                definition.Report(DiagnosticDescriptors.BatchItemTypeMismatch, slot.Location, slot.Name, BatchContextReader.Display(slot.Type), items!.Name, BatchContextReader.Display(itemType));
            }
        }
    }

    /// <summary>R8: every [PerItem] member's type can be created with <c>new()</c> from the context.</summary>
    public static void ReadPerItem(BatchContextDefinition definition, List<BatchMember> valid)
    {
        foreach (var member in valid)
        {
            if (member.Roles != BatchMemberRole.PerItem)
            {
                continue;
            }

            if (SymbolRules.HasErrors(member.Type))
            {
                definition.IsExplainedElsewhere = true;
            }
            else if (!TypeRules.HasAccessibleParameterlessConstructor(member.Type, definition.Type, definition.Compilation))
            {
                definition.Report(DiagnosticDescriptors.PerItemNeedsParameterlessConstructor, member.Location, member.Name, BatchContextReader.Display(member.Type));
            }
        }
    }

    /// <summary>R9: the output and the collection it goes into (an output with no collection is <see cref="ReadUncollectedOutput"/>'s).</summary>
    public static void ReadOutputs(BatchContextDefinition definition, List<BatchMember> valid, BatchMemberRole declaredRoles)
    {
        var output = Single(definition, valid, BatchMemberRole.ItemOutput);
        var outputs = Single(definition, valid, BatchMemberRole.BatchOutputs);
        definition.Output = output;
        definition.Outputs = outputs;
        if (outputs is not null && (declaredRoles & BatchMemberRole.ItemOutput) == 0)
        {
            definition.Report(DiagnosticDescriptors.BatchOutputsWithoutItemOutput, outputs.Location, definition.Type.Name, outputs.Name);
        }
        else if (output is not null && outputs is not null)
        {
            if (SymbolRules.HasErrors(output.Type) || SymbolRules.HasErrors(outputs.Type))
            {
                definition.IsExplainedElsewhere = true;
            }
            else if (TypeRules.GetOutputElementType(outputs.Type) is { } element && TypeRules.IsOutputElement(output.Type, element, definition.Compilation, out var unwrap))
            {
                definition.OutputElementType = element;
                definition.UnwrapOutput = unwrap;
            }
            else
            {
                definition.Report(
                    DiagnosticDescriptors.BatchOutputsTypeMismatch, outputs.Location, outputs.Name, BatchContextReader.Display(outputs.Type), BatchContextReader.Display(output.Type));
            }
        }
    }

    /// <summary>
    /// FLX0026: an [ItemOutput] no [BatchOutputs] collects, on a context where a run drops every succeeded item's output
    /// unseen once its result is merged. Not on a context that keeps its outputs some other way: a durable one
    /// (<c>DurableJson</c>: its codec records the [ItemOutput] and restores it on a rerun, so the member names what is
    /// persisted, and removing it would restore empty outputs), one that keeps every result (<c>KeepResults = true</c>:
    /// <c>LastBatch[i].Context</c> holds each output after the run) and one that implements <c>OnResultsMerged</c> (its
    /// code sees every result as it is merged). Read after R13, which finds the <c>DurableJson</c> context.
    /// </summary>
    public static void ReadUncollectedOutput(BatchContextDefinition definition, BatchMemberRole declaredRoles)
    {
        if (definition.Output is { } output && (declaredRoles & BatchMemberRole.BatchOutputs) == 0
            && definition.DurableJson is null && definition.StreamResults && !ImplementsResultsMergedHook(definition.Type))
        {
            definition.Report(DiagnosticDescriptors.ItemOutputNotCollected, output.Location, output.Name, definition.Type.Name);
        }
    }

    /// <summary>
    /// Whether the user implements the <c>OnResultsMerged</c> hook: its generated definition has an implementation, or,
    /// where the generated part is not in view (the generator's own reading), the user's implementation stands alone.
    /// </summary>
    private static bool ImplementsResultsMergedHook(INamedTypeSymbol type) =>
        type.GetMembers(FloxideNames.ReservedMembers.ResultsMergedHook).OfType<IMethodSymbol>()
            .Any(method => (method.PartialImplementationPart ?? method) is { IsPartialDefinition: false } implementation && SymbolRules.IsUserDeclared(implementation));

    /// <summary>Why the generated code cannot use the member in its role, or null (R5 to R9).</summary>
    private static string? GetUsabilityProblem(BatchMember member, bool isRecord, CancellationToken cancellationToken)
    {
        if (member.IsStatic)
        {
            return "is static or const; the role needs an instance member";
        }

        if (member.IsIndexer)
        {
            return "is an indexer; the role needs a field or a property";
        }

        if (member.IsExplicitImplementation)
        {
            return "is an explicit interface implementation, which the generated code cannot name; mark an ordinary field or property";
        }

        switch (member.Roles)
        {
            case BatchMemberRole.BatchItems or BatchMemberRole.ItemOutput or BatchMemberRole.BatchOutputs when !member.IsReadable:
                return "has no getter; the generated code reads it";
            case BatchMemberRole.BatchItem or BatchMemberRole.PerItem when !member.IsAssignable(isRecord, cancellationToken):
                return isRecord
                    ? "cannot be set by 'with'; the generated code assigns it on each item context (use a non-readonly field or a property with set or init)"
                    : "cannot be assigned; the generated code assigns it on each item context (use a field, a property with a setter, or a get-only auto-property)";
            default:
                return null;
        }
    }

    /// <summary>
    /// FLX0028 for roles on an event's backing field (<c>[field: Shared] event ...</c>), read from syntax
    /// (<see cref="SymbolRules.GetEventFieldAttributes"/>).
    /// </summary>
    private static BatchMemberRole ReadEventFieldRoles(BatchContextDefinition definition, Compilation compilation, CancellationToken cancellationToken)
    {
        var roles = BatchMemberRole.None;
        foreach (var (@event, attribute, attributeClass) in SymbolRules.GetEventFieldAttributes(definition.Type, compilation, cancellationToken))
        {
            var role = BatchMemberRoles.Of(attributeClass);
            if (role == BatchMemberRole.None)
            {
                continue;
            }

            roles |= role;
            var events = string.Join(", ", @event.Declaration.Variables.Select(v => v.Identifier.ValueText));
            definition.Report(
                DiagnosticDescriptors.MemberAttributeOnBackingField, attribute.GetLocation(), role.ToString(), events, "an event cannot have a role, so mark a field or property instead");
        }

        return roles;
    }
}
