using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.Analyzers.Support;
using Floxide.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// The member rules of a <c>[BatchContext]</c> type (FLX0002 to FLX0012, FLX0014): one items member that is a
/// sequence, one item slot of its element type, paired outputs, creatable per-item members, one role per
/// member, members the generated code can use, and no mutable member silently shared by every item.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BatchContextAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MissingBatchItems,
        DiagnosticDescriptors.DuplicateBatchMember,
        DiagnosticDescriptors.BatchItemsNotSequence,
        DiagnosticDescriptors.MissingBatchItem,
        DiagnosticDescriptors.BatchItemTypeMismatch,
        DiagnosticDescriptors.UnpairedOutputMember,
        DiagnosticDescriptors.BatchOutputsTypeMismatch,
        DiagnosticDescriptors.PerItemNeedsParameterlessConstructor,
        DiagnosticDescriptors.ConflictingMemberAttributes,
        DiagnosticDescriptors.UnusableBatchMember,
        DiagnosticDescriptors.MemberAttributeOutsideBatchContext,
        DiagnosticDescriptors.SharedMutableMember);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (FloxideSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterSymbolAction(c => AnalyzeType(c, symbols), SymbolKind.NamedType);
            start.RegisterSymbolAction(c => AnalyzeStrayMember(c, symbols), SymbolKind.Field, SymbolKind.Property);
        });
    }

    private static void AnalyzeStrayMember(SymbolAnalysisContext context, FloxideSymbols symbols)
    {
        var member = context.Symbol;
        if (member.ContainingType is not { } owner || FloxideSymbols.HasAttribute(owner, symbols.BatchContextAttribute))
        {
            return;
        }

        var roles = BatchMember.GetRoles(member, symbols);
        foreach (var name in BatchMember.Names(roles))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MemberAttributeOutsideBatchContext, member.Locations.FirstOrDefault(), name, member.Name, owner.Name));
        }
    }

    private static void AnalyzeType(SymbolAnalysisContext context, FloxideSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!FloxideSymbols.HasAttribute(type, symbols.BatchContextAttribute))
        {
            return;
        }

        var members = BatchMember.GetMembers(type, symbols);
        var valid = new List<BatchMember>(members.Length);
        foreach (var member in members)
        {
            if (member.Roles == BatchMemberRole.None)
            {
                continue;
            }

            var names = BatchMember.Names(member.Roles).ToArray();
            if (names.Length > 1)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConflictingMemberAttributes, member.Location, member.Name, names[0], names[1]));
                continue;
            }

            if (GetUsabilityProblem(member) is { } problem)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnusableBatchMember, member.Location, names[0], member.Name, problem));
                continue;
            }

            valid.Add(member);
        }

        var items = Single(context, type, valid, BatchMemberRole.BatchItems);
        var slot = Single(context, type, valid, BatchMemberRole.BatchItem);
        var output = Single(context, type, valid, BatchMemberRole.ItemOutput);
        var outputs = Single(context, type, valid, BatchMemberRole.BatchOutputs);
        var typeLocation = type.Locations.FirstOrDefault() ?? Location.None;

        ITypeSymbol? element = null;
        if (items.Count == 0 && !HasRole(members, BatchMemberRole.BatchItems))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingBatchItems, typeLocation, type.Name));
        }
        else if (items.Member is { } itemsMember && itemsMember.Type.TypeKind != TypeKind.Error)
        {
            element = TypeRules.GetSequenceElementType(itemsMember.Type, symbols);
            if (element is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.BatchItemsNotSequence, itemsMember.Location, itemsMember.Name, Display(itemsMember.Type)));
            }
        }

        if (slot.Count == 0 && !HasRole(members, BatchMemberRole.BatchItem))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MissingBatchItem, typeLocation, type.Name, element is null ? "the item" : Display(element)));
        }
        else if (slot.Member is { } slotMember && element is not null && slotMember.Type.TypeKind != TypeKind.Error
            && !SymbolEqualityComparer.Default.Equals(slotMember.Type, element))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BatchItemTypeMismatch, slotMember.Location, slotMember.Name, Display(slotMember.Type), items.Member!.Name, Display(element)));
        }

        AnalyzeOutputs(context, type, members, output, outputs, symbols);

        foreach (var member in valid)
        {
            if (member.Roles == BatchMemberRole.PerItem && member.Type.TypeKind != TypeKind.Error
                && !TypeRules.HasAccessibleParameterlessConstructor(member.Type, type))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.PerItemNeedsParameterlessConstructor, member.Location, member.Name, Display(member.Type)));
            }
        }

        foreach (var member in members)
        {
            if (member.Roles == BatchMemberRole.None && IsCopiedToItems(member) && TypeRules.IsUnsafeToShare(member.Type, symbols))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SharedMutableMember, member.Location, member.Name, Display(member.Type)));
            }
        }
    }

    private static void AnalyzeOutputs(
        SymbolAnalysisContext context, INamedTypeSymbol type, ImmutableArray<BatchMember> members, Found output, Found outputs, FloxideSymbols symbols)
    {
        var hasOutput = HasRole(members, BatchMemberRole.ItemOutput);
        var hasOutputs = HasRole(members, BatchMemberRole.BatchOutputs);
        if (output.Member is { } outputMember && !hasOutputs)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnpairedOutputMember, outputMember.Location, type.Name, "ItemOutput", outputMember.Name, "BatchOutputs"));
        }
        else if (outputs.Member is { } outputsMember && !hasOutput)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnpairedOutputMember, outputsMember.Location, type.Name, "BatchOutputs", outputsMember.Name, "ItemOutput"));
        }
        else if (output.Member is { } single && outputs.Member is { } collection
            && single.Type.TypeKind != TypeKind.Error && collection.Type.TypeKind != TypeKind.Error
            && !TypeRules.IsCollectionOf(collection.Type, single.Type, symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BatchOutputsTypeMismatch, collection.Location, collection.Name, Display(collection.Type), Display(single.Type)));
        }
    }

    /// <summary>Why the generated code cannot use the member in its role, or null.</summary>
    private static string? GetUsabilityProblem(BatchMember member)
    {
        if (member.IsStatic)
        {
            return "is static; the role needs an instance member";
        }

        if (!member.IsReadable)
        {
            return "has no getter; the generated code reads it";
        }

        // The item slot, shared and per-item members are assigned on each item context.
        var assigned = member.Roles is BatchMemberRole.BatchItem or BatchMemberRole.Shared or BatchMemberRole.PerItem;
        return assigned && !member.IsWritable ? "is read-only; the generated code assigns it on each item context" : null;
    }

    /// <summary>Members without a role that the generated factory copies from the parent: writable instance fields and properties.</summary>
    private static bool IsCopiedToItems(BatchMember member) => !member.IsStatic && member.IsWritable && member.IsReadable;

    private static bool HasRole(ImmutableArray<BatchMember> members, BatchMemberRole role)
    {
        foreach (var member in members)
        {
            if ((member.Roles & role) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The single valid member with the role; reports FLX0003 on each when there are several.</summary>
    private static Found Single(SymbolAnalysisContext context, INamedTypeSymbol type, List<BatchMember> valid, BatchMemberRole role)
    {
        var matches = valid.Where(member => member.Roles == role).ToList();
        if (matches.Count > 1)
        {
            foreach (var member in matches)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateBatchMember, member.Location, type.Name, role.ToString(), member.Name));
            }
        }

        return new Found(matches.Count, matches.Count == 1 ? matches[0] : null);
    }

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

    private readonly struct Found
    {
        public Found(int count, BatchMember? member)
        {
            Count = count;
            Member = member;
        }

        public int Count { get; }

        public BatchMember? Member { get; }
    }
}
