using Verify = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.BatchContextAnalyzer, Floxide.CodeFixes.AddBatchMemberCodeFixProvider>;

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
        """, AddBatchMemberCodeFixProvider.MarkKey);

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
        """, AddBatchMemberCodeFixProvider.AddKey);

    [Fact]
    public Task MissingItemsAndSlot_NoFixForItems() => Verify.VerifyNoFixAsync("""
        using Floxide;

        [BatchContext]
        public partial class {|FLX0002:{|FLX0005:Orders|}|}
        {
        }
        """, AddBatchMemberCodeFixProvider.AddKey);

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
        """, AddBatchMemberCodeFixProvider.MarkKey);

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
        """, AddBatchMemberCodeFixProvider.AddKey);

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
        """, AddBatchMemberCodeFixProvider.AddKey);

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
        """, AddBatchMemberCodeFixProvider.AddKey);

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
        """, AddBatchMemberCodeFixProvider.MarkKey, iterations: 2);
}
