using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.BatchContext;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// Reports what is wrong with a <c>[BatchContext]</c> type (R1, R3, R5 to R16, and the warnings FLX0014, FLX0026, FLX0033 and FLX0034;
/// R2 is <see cref="PartialTypeAnalyzer"/>'s, R4 <see cref="ParallelismAnalyzer"/>'s), and role attributes on members
/// of other types (FLX0012).
/// </summary>
/// <remarks>
/// The rules live in <see cref="BatchContextReader"/>, which the generator's parser calls too: whatever this
/// analyzer reports as an error is exactly what makes the generator emit nothing for the type.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BatchContextAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MissingBatchItems,
        DiagnosticDescriptors.StreamingImplementedByHand,
        DiagnosticDescriptors.DurableJsonCannotSerialize,
        DiagnosticDescriptors.MultipleItemKeys,
        DiagnosticDescriptors.UnreadableItemKey,
        DiagnosticDescriptors.ItemKeyWithoutStringForm,
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
        DiagnosticDescriptors.SharedValueTypeMember,
        DiagnosticDescriptors.UnsupportedTypeKind,
        DiagnosticDescriptors.ReservedMemberName,
        DiagnosticDescriptors.UnsupportedBatchContextConstructor,
        DiagnosticDescriptors.ItemOutputNotCollected,
        DiagnosticDescriptors.UncopiedInheritedState,
        DiagnosticDescriptors.MemberAttributeOnBackingField,
        DiagnosticDescriptors.RetryAttemptsBelowOne,
        DiagnosticDescriptors.RetryDelayOutOfRange,
        DiagnosticDescriptors.RetryBackoffUndefined,
        DiagnosticDescriptors.RetryOnNonException,
        DiagnosticDescriptors.RetryOnFileLocalType,
        DiagnosticDescriptors.TimeoutOutOfRange,
        DiagnosticDescriptors.RateNotPositive,
        DiagnosticDescriptors.AdaptiveSettingOutOfRange,
        DiagnosticDescriptors.AdaptiveReaderNotFound,
        DiagnosticDescriptors.AdaptiveReaderOfTypeUnusable,
        DiagnosticDescriptors.GracePeriodOutOfRange);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(FloxideNames.Attributes.BatchContext) is null)
            {
                return;
            }

            start.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
            start.RegisterSymbolAction(AnalyzeStrayMember, SymbolKind.Field, SymbolKind.Property);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        // Structs and interfaces cannot carry [BatchContext] at all (AttributeTargets.Class): the compiler says so.
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type
            || FloxideAttributes.Find(type, FloxideNames.Attributes.BatchContext) is not { } attribute)
        {
            return;
        }

        foreach (var problem in BatchContextReader.Read(type, attribute, context.Compilation, includeWarnings: true, context.CancellationToken).Problems)
        {
            context.ReportDiagnostic(problem);
        }
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
}
