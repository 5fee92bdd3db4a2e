using System.Collections.Immutable;
using Floxide.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Verify = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.BatchContextAnalyzer, Floxide.CodeFixes.AddBatchMemberCodeFixProvider>;
using WithCandidate = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.CodeFixes.Tests.CodeFixes.AddBatchMemberCodeFixTests.CandidateAnalyzer, Floxide.CodeFixes.AddBatchMemberCodeFixProvider>;

namespace Floxide.CodeFixes.Tests.CodeFixes;

public sealed class AddBatchMemberCodeFixTests
{
    [Fact]
    public Task MissingItems_MarksTheOnlySequenceOfTheSlotType() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class {|FLX0002:Orders|}
        {
            public List<string> Ids { get; set; } = new();
            public string Region { get; set; } = "";
            [BatchItem] public string? Id { get; set; }
        }
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItems]
            public List<string> Ids { get; set; } = new();
            public string Region { get; set; } = "";
            [BatchItem] public string? Id { get; set; }
        }
        """, AddBatchMemberCodeFixProvider.BatchItemsKey);

    [Fact]
    public Task MissingItems_AddsAReadOnlyListOfTheSlotType() => Verify.VerifyAsync("""
        using Floxide;

        [BatchContext]
        public partial class {|FLX0002:Orders|}
        {
            [BatchItem] public int Id { get; set; }
        }
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItem] public int Id { get; set; }
            [BatchItems] public IReadOnlyList<int> Items { get; set; } = [];
        }
        """, AddBatchMemberCodeFixProvider.BatchItemsKey);

    [Fact]
    public Task MissingItemsAndSlot_NoFixForItems() => Verify.VerifyNoFixAsync("""
        using Floxide;

        [BatchContext]
        public partial class {|FLX0002:{|FLX0005:Orders|}|}
        {
        }
        """, AddBatchMemberCodeFixProvider.BatchItemsKey);

    [Fact]
    public Task MissingSlot_MarksTheOnlyMemberOfTheElementType() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial record {|FLX0005:Orders|}
        {
            [BatchItems] public IAsyncEnumerable<long> Ids { get; init; } = default!;
            public long Current;
            public int Other { get; set; }
        }
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial record Orders
        {
            [BatchItems] public IAsyncEnumerable<long> Ids { get; init; } = default!;
            [BatchItem]
            public long Current;
            public int Other { get; set; }
        }
        """, AddBatchMemberCodeFixProvider.BatchItemKey);

    // R7: a non-nullable slot never receives possibly-null items, so the fix does not mark one (FLX0006 would follow).
    [Fact]
    public Task MissingSlot_SkipsAMemberThatCannotTakeNullItems() => Verify.VerifyAsync("""
        #nullable enable
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class {|FLX0005:Orders|}
        {
            [BatchItems] public List<string?> Ids { get; set; } = new();
            public string Name { get; set; } = "";
        }
        """, """
        #nullable enable
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string?> Ids { get; set; } = new();
            [BatchItem] public string? Item { get; set; }
            public string Name { get; set; } = "";
        }
        """, AddBatchMemberCodeFixProvider.BatchItemKey);

    [Fact]
    public Task MissingSlot_AddsAPropertyAfterTheItems() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class {|FLX0005:Orders|}
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            public string A { get; set; } = "";
            public string B { get; set; } = "";
            public int Item { get; set; }
        }
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Item2 { get; set; } = default!;
            public string A { get; set; } = "";
            public string B { get; set; } = "";
            public int Item { get; set; }
        }
        """, AddBatchMemberCodeFixProvider.BatchItemKey);

    [Fact]
    public Task OutputsWithoutOutput_AddsTheOutputMember() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [BatchOutputs] public List<decimal> {|FLX0007:Totals|} { get; } = new();
        }
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [BatchOutputs] public List<decimal> Totals { get; } = new();
            [ItemOutput] public decimal Output { get; set; }
        }
        """, AddBatchMemberCodeFixProvider.ItemOutputKey);

    [Fact]
    public Task OutputsArrayWithoutOutput_NoFix() => Verify.VerifyNoFixAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [BatchOutputs] public decimal[] {|FLX0007:Totals|} { get; } = [];
        }
        """);

    [Fact]
    public Task OutputNotCollected_AddsAnOutputsList() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int? {|FLX0026:Total|} { get; set; }
        }
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int? Total { get; set; }
            [BatchOutputs] public List<int> Outputs { get; } = new();
        }
        """, AddBatchMemberCodeFixProvider.BatchOutputsKey);

    [Fact]
    public Task FixAll_AcrossTwoContexts() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class {|FLX0005:A|}
        {
            [BatchItems] public int[] Ids = [];
            public int Slot;
        }

        [BatchContext]
        public partial class {|FLX0005:B|}
        {
            [BatchItems] public List<string> Names { get; set; } = new();
            public string Name { get; set; } = "";
        }
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class A
        {
            [BatchItems] public int[] Ids = [];
            [BatchItem]
            public int Slot;
        }

        [BatchContext]
        public partial class B
        {
            [BatchItems] public List<string> Names { get; set; } = new();
            [BatchItem]
            public string Name { get; set; } = "";
        }
        """, AddBatchMemberCodeFixProvider.BatchItemKey, iterations: 2);

    [Fact]
    public Task MissingSlot_PositionalRecordWithoutBody_GetsABody() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial record {|FLX0005:Lines|}([property: BatchItems] IReadOnlyList<string> All);
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial record Lines([property: BatchItems] IReadOnlyList<string> All)
        {
            [BatchItem] public string Item { get; set; } = default!;
        }
        """, AddBatchMemberCodeFixProvider.BatchItemKey);

    [Fact]
    public Task OutputsAndOutputOnPositionalRecords_FixAllGivesEachABody() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial record Sizes([property: BatchItems] IReadOnlyList<string> All, [property: BatchItem] string Current, [property: ItemOutput] int {|FLX0026:Size|}); // sizes

        [BatchContext]
        public partial record Totals([property: BatchItems] IReadOnlyList<int> Ids, [property: BatchItem] int Id, [property: BatchOutputs] List<decimal> {|FLX0007:Sums|});
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial record Sizes([property: BatchItems] IReadOnlyList<string> All, [property: BatchItem] string Current, [property: ItemOutput] int Size)
        {
            [BatchOutputs] public List<int> Outputs { get; } = new();
        } // sizes

        [BatchContext]
        public partial record Totals([property: BatchItems] IReadOnlyList<int> Ids, [property: BatchItem] int Id, [property: BatchOutputs] List<decimal> Sums)
        {
            [ItemOutput] public decimal Output { get; set; }
        }
        """, iterations: 2);

    [Fact]
    public Task MissingItems_MarksTheRecordParameterThroughItsProperty() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial record {|FLX0002:Words|}(IReadOnlyList<string> All)
        {
            [BatchItem] public string Word { get; init; } = "";
        }
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial record Words([property: BatchItems] IReadOnlyList<string> All)
        {
            [BatchItem] public string Word { get; init; } = "";
        }
        """, AddBatchMemberCodeFixProvider.BatchItemsKey);

    [Fact]
    public Task MissingItems_CandidatePropertyPicksAmongSeveralSequences() => WithCandidate.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class {|FLX0002:Crawl|}
        {
            [Shared] public List<string> Seen { get; set; } = new();
            public IReadOnlyList<string> Pages { get; set; } = [];
            public IReadOnlyList<string> Links { get; set; } = [];
            [BatchItem] public string Page { get; set; } = "";
        }
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Crawl
        {
            [Shared] public List<string> Seen { get; set; } = new();
            [BatchItems]
            public IReadOnlyList<string> Pages { get; set; } = [];
            public IReadOnlyList<string> Links { get; set; } = [];
            [BatchItem] public string Page { get; set; } = "";
        }
        """, AddBatchMemberCodeFixProvider.BatchItemsKey);

    /// <summary>Reports FLX0002 with the <c>Candidate</c> property naming <c>Pages</c>, as the analyzer does when it knows the candidate.</summary>
#pragma warning disable RS1001 // A test double the harness creates itself; no host loads it, so it needs no [DiagnosticAnalyzer].
    public sealed class CandidateAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.MissingBatchItems];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(
                c =>
                {
                    if (c.Symbol.GetAttributes().Any(a => a.AttributeClass?.Name == "BatchContextAttribute")
                        && !((INamedTypeSymbol)c.Symbol).GetMembers().Any(m => m.GetAttributes().Any(a => a.AttributeClass?.Name == "BatchItemsAttribute")))
                    {
                        var properties = ImmutableDictionary<string, string?>.Empty.Add(AddBatchMemberCodeFixProvider.CandidateProperty, "Pages");
                        c.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingBatchItems, c.Symbol.Locations[0], properties, c.Symbol.Name));
                    }
                },
                SymbolKind.NamedType);
        }
    }
}
