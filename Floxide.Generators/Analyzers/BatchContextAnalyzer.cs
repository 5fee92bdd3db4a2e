using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Floxide.Generators.Analyzers.Support;
using Floxide.Generators.BatchContext;
using Floxide.Generators.Helpers;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// The rules of a <c>[BatchContext]</c> type, the same ones <c>BatchContextParser</c> applies before it generates
/// anything (R1, R3, R5 to R11 there; R2 is <see cref="PartialTypeAnalyzer"/>, R4 <see cref="ParallelismAnalyzer"/>):
/// a supported type kind, no reserved member names, one role per instance member and none on a compiler-generated
/// backing field, one items member that is a sequence, one assignable item slot of its element type, creatable
/// per-item members, paired outputs of matching types, a class the item-context constructor can be added to, no
/// hand-written streaming merge; plus two warnings the generator does not need: mutable members every item would
/// share (FLX0014) and outputs nobody collects (FLX0026).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BatchContextAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MissingBatchItems,
        DiagnosticDescriptors.StreamingImplementedByHand,
        DiagnosticDescriptors.DuplicateBatchMember,
        DiagnosticDescriptors.BatchItemsNotSequence,
        DiagnosticDescriptors.MissingBatchItem,
        DiagnosticDescriptors.BatchItemTypeMismatch,
        DiagnosticDescriptors.BatchOutputsWithoutItemOutput,
        DiagnosticDescriptors.BatchOutputsTypeMismatch,
        DiagnosticDescriptors.PerItemNeedsParameterlessConstructor,
        DiagnosticDescriptors.ConflictingMemberAttributes,
        DiagnosticDescriptors.UnusableBatchMember,
        DiagnosticDescriptors.MemberAttributeOutsideBatchContext,
        DiagnosticDescriptors.SharedMutableMember,
        DiagnosticDescriptors.UnsupportedTypeKind,
        DiagnosticDescriptors.ReservedMemberName,
        DiagnosticDescriptors.UnsupportedBatchContextConstructor,
        DiagnosticDescriptors.ItemOutputNotCollected,
        DiagnosticDescriptors.MemberAttributeOnBackingField);

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

            start.RegisterSymbolStartAction(typeStart => StartType(typeStart, symbols), SymbolKind.NamedType);
            start.RegisterSymbolAction(AnalyzeStrayMember, SymbolKind.Field, SymbolKind.Property);
        });
    }

    private static void AnalyzeStrayMember(SymbolAnalysisContext context)
    {
        var member = context.Symbol;
        if (member.ContainingType is not { } owner || FloxideAttributes.Has(owner, FloxideNames.Attributes.BatchContext))
        {
            return;
        }

        foreach (var name in BatchMemberRoles.Names(BatchMember.GetRoles(member)))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MemberAttributeOutsideBatchContext, member.Locations.FirstOrDefault(), name, member.Name, owner.Name));
        }
    }

    private static void StartType(SymbolStartAnalysisContext context, FloxideSymbols symbols)
    {
        // Structs and interfaces cannot carry [BatchContext] at all (AttributeTargets.Class): the compiler says so.
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type || !FloxideAttributes.Has(type, FloxideNames.Attributes.BatchContext))
        {
            return;
        }

        // Attributes on an event's backing field are only in syntax: collect them where a semantic model is at hand,
        // then analyze the type once all its declarations have been seen.
        var eventFieldRoles = new ConcurrentQueue<EventFieldRole>();
        context.RegisterSyntaxNodeAction(c => CollectEventFieldRoles(c, eventFieldRoles), SyntaxKind.EventFieldDeclaration);
        context.RegisterSymbolEndAction(c => AnalyzeType(c, type, symbols, eventFieldRoles));
    }

    private static void CollectEventFieldRoles(SyntaxNodeAnalysisContext context, ConcurrentQueue<EventFieldRole> roles)
    {
        var declaration = (EventFieldDeclarationSyntax)context.Node;
        foreach (var (attribute, attributeClass) in SymbolRules.GetEventFieldAttributes(declaration, context.SemanticModel, context.CancellationToken))
        {
            var role = BatchMemberRoles.Of(attributeClass);
            if (role == BatchMemberRole.None)
            {
                continue;
            }

            var events = string.Join(", ", declaration.Declaration.Variables.Select(v => v.Identifier.ValueText));
            roles.Enqueue(new EventFieldRole(attribute.GetLocation(), role, events));
        }
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol type, FloxideSymbols symbols, IEnumerable<EventFieldRole> eventFieldRoles)
    {
        var typeLocation = type.Locations.FirstOrDefault() ?? Location.None;
        if (type.IsStatic || type.IsAbstract || type.IsFileLocal)
        {
            // R1 (and R2's file-local part): nothing else matters until the generator can extend and instantiate the type.
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsupportedTypeKind, typeLocation, type.Name, "BatchContext", type.IsStatic ? "static" : type.IsAbstract ? "abstract" : "file-local"));
            return;
        }

        var cancellationToken = context.CancellationToken;
        var members = BatchMember.GetMembers(type);

        // R3
        foreach (var member in type.GetMembers())
        {
            if (!member.IsImplicitlyDeclared && System.Array.IndexOf(FloxideNames.ReservedMembers.BatchContext, member.Name) >= 0 && !GeneratorInfo.IsGenerated(member))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReservedMemberName, member.Locations.FirstOrDefault(), type.Name, member.Name, "BatchContext"));
            }
        }

        if (SymbolRules.FindInheritedClash(type, FloxideNames.ReservedMembers.BatchContext, FloxideNames.Attributes.BatchContext) is { } inherited)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReservedMemberName, typeLocation, type.Name, inherited, "BatchContext"));
        }

        // R11
        if (ImplementsStreamingByHand(type, cancellationToken))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StreamingImplementedByHand, typeLocation, type.Name));
        }

        // R5, roles on compiler-generated backing fields (FLX0028). They still count as the members' roles for the
        // rules below, so a role the user did write is never reported missing as well.
        var declaredRoles = BatchMemberRole.None;
        foreach (var member in members)
        {
            declaredRoles |= member.Roles;
            if (member.BackingField is { } backingField)
            {
                var advice = member.Symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is ParameterSyntax
                    ? "put it on the property with the 'property:' target"
                    : "put it on the property itself, without the 'field:' target";
                foreach (var (attribute, role) in BatchMember.GetRoleAttributes(backingField))
                {
                    var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? member.Location;
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MemberAttributeOnBackingField, location, role.ToString(), member.Name, advice));
                }
            }
        }

        foreach (var eventFieldRole in eventFieldRoles)
        {
            declaredRoles |= eventFieldRole.Role;
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MemberAttributeOnBackingField,
                eventFieldRole.Location,
                eventFieldRole.Role.ToString(),
                eventFieldRole.Events,
                "an event cannot have a role, so mark a field or property instead"));
        }

        // R5 and the per-role usability parts of R6 to R9.
        var valid = new List<BatchMember>(members.Length);
        foreach (var member in members)
        {
            // Explained by FLX0028 above; its other problems show once the attribute is where it belongs.
            if (member.Roles == BatchMemberRole.None || member.BackingFieldRoles != BatchMemberRole.None)
            {
                continue;
            }

            var names = BatchMemberRoles.Names(member.Roles).ToArray();
            if (names.Length > 1)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConflictingMemberAttributes, member.Location, member.Name, names[0], names[1]));
            }
            else if (GetUsabilityProblem(member, type.IsRecord, cancellationToken) is { } problem)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnusableBatchMember, member.Location, names[0], member.Name, problem));
            }
            else
            {
                valid.Add(member);
            }
        }

        // R6
        var items = Single(context, type, valid, BatchMemberRole.BatchItems);
        ITypeSymbol? element = null;
        if (items.Count == 0 && (declaredRoles & BatchMemberRole.BatchItems) == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingBatchItems, typeLocation, type.Name));
        }
        else if (items.Member is { } itemsMember && !SymbolRules.HasErrors(itemsMember.Type))
        {
            element = TypeRules.GetSequenceElementType(itemsMember.Type, symbols);
            if (element is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.BatchItemsNotSequence, itemsMember.Location, itemsMember.Name, Display(itemsMember.Type)));
            }
        }

        // R7
        var slot = Single(context, type, valid, BatchMemberRole.BatchItem);
        if (slot.Count == 0 && (declaredRoles & BatchMemberRole.BatchItem) == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MissingBatchItem, typeLocation, type.Name, element is null ? "the item type" : Display(element)));
        }
        else if (slot.Member is { } slotMember && element is not null && !SymbolRules.HasErrors(slotMember.Type) && !SlotAccepts(slotMember.Type, element))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BatchItemTypeMismatch, slotMember.Location, slotMember.Name, Display(slotMember.Type), items.Member!.Name, Display(element)));
        }

        // R8
        foreach (var member in valid)
        {
            if (member.Roles == BatchMemberRole.PerItem && !SymbolRules.HasErrors(member.Type)
                && !TypeRules.HasAccessibleParameterlessConstructor(member.Type, type, context.Compilation))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.PerItemNeedsParameterlessConstructor, member.Location, member.Name, Display(member.Type)));
            }
        }

        // R9
        AnalyzeOutputs(context, type, declaredRoles, valid, symbols);

        // R10
        if (!type.IsRecord && element is not null && GetConstructorProblem(type, element, context.Compilation, cancellationToken) is { } constructorProblem)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedBatchContextConstructor, typeLocation, type.Name, constructorProblem));
        }

        foreach (var member in members)
        {
            if (member.Roles == BatchMemberRole.None && member.IsStored && TypeRules.IsUnsafeToShare(member.Type, symbols))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SharedMutableMember, member.Location, member.Name, Display(member.Type)));
            }
        }
    }

    private static void AnalyzeOutputs(
        SymbolAnalysisContext context, INamedTypeSymbol type, BatchMemberRole declaredRoles, List<BatchMember> valid, FloxideSymbols symbols)
    {
        var output = Single(context, type, valid, BatchMemberRole.ItemOutput);
        var outputs = Single(context, type, valid, BatchMemberRole.BatchOutputs);
        var hasOutput = (declaredRoles & BatchMemberRole.ItemOutput) != 0;
        var hasOutputs = (declaredRoles & BatchMemberRole.BatchOutputs) != 0;
        if (output.Member is { } outputMember && !hasOutputs)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ItemOutputNotCollected, outputMember.Location, outputMember.Name, type.Name));
        }
        else if (outputs.Member is { } outputsMember && !hasOutput)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BatchOutputsWithoutItemOutput, outputsMember.Location, type.Name, outputsMember.Name));
        }
        else if (output.Member is { } single && outputs.Member is { } collection
            && !SymbolRules.HasErrors(single.Type) && !SymbolRules.HasErrors(collection.Type)
            && !TypeRules.IsOutputCollectionFor(collection.Type, single.Type, symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BatchOutputsTypeMismatch, collection.Location, collection.Name, Display(collection.Type), Display(single.Type)));
        }
    }

    /// <summary>R7: same type, and a non-nullable slot never receives possibly-null items.</summary>
    private static bool SlotAccepts(ITypeSymbol slot, ITypeSymbol element) =>
        SymbolEqualityComparer.Default.Equals(slot, element)
        && !(TypeRules.MayBeNull(element) && TypeRules.IsNonNullableReference(slot) && slot is not ITypeParameterSymbol);

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

        if (member.Symbol is IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 })
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

        if (type.BaseType is { SpecialType: not SpecialType.System_Object } baseType
            && !baseType.InstanceConstructors.Any(c => c.Parameters.Length == 0 && compilation.IsSymbolAccessibleWithin(c, type)))
        {
            return "its base class '" + Display(baseType) + "' has no parameterless constructor it can call";
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (!constructor.IsImplicitlyDeclared && !GeneratorInfo.IsGenerated(constructor) && constructor.Parameters.Length == 2
                && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type)
                && SymbolEqualityComparer.Default.Equals(constructor.Parameters[1].Type, item))
            {
                return "it already declares a constructor taking (" + type.Name + ", " + Display(item) + "), the generated constructor's signature";
            }
        }

        return null;
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

    /// <summary>A role attribute written with the <c>field:</c> target on a field-like event declaration.</summary>
    private readonly struct EventFieldRole
    {
        public EventFieldRole(Location location, BatchMemberRole role, string events)
        {
            Location = location;
            Role = role;
            Events = events;
        }

        public Location Location { get; }

        public BatchMemberRole Role { get; }

        /// <summary>The events the declaration declares (usually one).</summary>
        public string Events { get; }
    }

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
    /// <summary>
    /// Whether the user, not the generator, makes the type an <c>IStreamingBatchContext</c>: a base class
    /// implements it, or a hand-written declaration of the type lists it. (The analyzer also sees the
    /// generated declaration, which lists it for <c>StreamResults = true</c>.)
    /// </summary>
    private static bool ImplementsStreamingByHand(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (!type.AllInterfaces.Any(SymbolRules.IsStreamingBatchContext))
        {
            return false;
        }

        if (type.BaseType is { } baseType && baseType.AllInterfaces.Any(SymbolRules.IsStreamingBatchContext))
        {
            return true;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: { } baseList }
                && !reference.SyntaxTree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase)
                && baseList.Types.Any(t => NamedIdentifier(t.Type) == "IStreamingBatchContext"))
            {
                return true;
            }
        }

        return false;
    }

    private static string? NamedIdentifier(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => NamedIdentifier(qualified.Right),
        AliasQualifiedNameSyntax alias => NamedIdentifier(alias.Name),
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };
}
