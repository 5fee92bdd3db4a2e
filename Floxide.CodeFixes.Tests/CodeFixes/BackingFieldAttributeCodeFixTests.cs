using Verify = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.BatchContextAnalyzer, Floxide.CodeFixes.BackingFieldAttributeCodeFixProvider>;

namespace Floxide.CodeFixes.Tests.CodeFixes;

public sealed class BackingFieldAttributeCodeFixTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using Floxide;

        """;

    [Fact]
    public Task SingleAttribute_LosesItsFieldTarget() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [field: {|FLX0028:BatchItems|}] public IReadOnlyList<string> Items { get; init; } = [];
            [BatchItem] public string Item { get; set; } = "";
        }
        """, Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [BatchItems] public IReadOnlyList<string> Items { get; init; } = [];
            [BatchItem] public string Item { get; set; } = "";
        }
        """);

    [Fact]
    public Task ListWithOtherAttributes_OnlyTheRoleMoves() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [BatchItems] public IReadOnlyList<string> Items { get; init; } = [];
            [BatchItem] public string Item { get; set; } = "";
            [field: NonSerialized, {|FLX0028:Shared|}] public List<int> Seen { get; set; } = new();
            [field: {|FLX0028:PerItem|}, NonSerialized]
            public List<int> Log { get; set; } = new();
        }
        """, Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [BatchItems] public IReadOnlyList<string> Items { get; init; } = [];
            [BatchItem] public string Item { get; set; } = "";
            [field: NonSerialized] [Shared] public List<int> Seen { get; set; } = new();
            [field: NonSerialized]
            [PerItem]
            public List<int> Log { get; set; } = new();
        }
        """, iterations: 2);

    [Fact]
    public Task PositionalRecordParameter_GetsThePropertyTarget() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial record Ctx([field: {|FLX0028:BatchItems|}] IReadOnlyList<string> Items, [field: NonSerialized, {|FLX0028:Shared|}] object Gate)
        {
            [BatchItem] public string Item { get; init; } = "";
        }
        """, Usings + """
        [BatchContext]
        public partial record Ctx([property: BatchItems] IReadOnlyList<string> Items, [field: NonSerialized] [property: Shared] object Gate)
        {
            [BatchItem] public string Item { get; init; } = "";
        }
        """, iterations: 2);

    [Fact]
    public Task FixAll_MovesEveryRoleInTheDocument() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [field: {|FLX0028:BatchItems|}] public IReadOnlyList<string> Items { get; init; } = [];
            [field: {|FLX0028:BatchItem|}] public string Item { get => field; set => field = value.Trim(); } = "";
            [field: NonSerialized, {|FLX0028:ItemOutput|}] public int Length { get; set; }
            [BatchOutputs] public List<int> Lengths { get; } = new();
        }

        [BatchContext]
        public partial record Lines([field: {|FLX0028:BatchItems|}] IReadOnlyList<int> All)
        {
            [field: {|FLX0028:BatchItem|}] public int Line { get; init; }
        }
        """, Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [BatchItems] public IReadOnlyList<string> Items { get; init; } = [];
            [BatchItem] public string Item { get => field; set => field = value.Trim(); } = "";
            [field: NonSerialized] [ItemOutput] public int Length { get; set; }
            [BatchOutputs] public List<int> Lengths { get; } = new();
        }

        [BatchContext]
        public partial record Lines([property: BatchItems] IReadOnlyList<int> All)
        {
            [BatchItem] public int Line { get; init; }
        }
        """, iterations: 5);

    [Fact]
    public Task Event_NoFix() => Verify.VerifyNoFixAsync(Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [BatchItems] public IReadOnlyList<string> Items { get; init; } = [];
            [BatchItem] public string Item { get; set; } = "";
            [field: {|FLX0028:Shared|}] public event EventHandler? Changed;
        }
        """);
}
