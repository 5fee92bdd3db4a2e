using System.Collections.Immutable;
using System.Globalization;
using Floxide.CodeFixes.Tests.Verifiers;
using Floxide.Generators.BatchContext;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Verify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.BatchContextAnalyzer>;

namespace Floxide.CodeFixes.Tests.Analyzers;

public sealed class BatchContextAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Concurrent;
        using System.Collections.Immutable;
        using System.Text;
        using Floxide;

        """;

    [Fact]
    public Task ValidContext_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext(MaxDegreeOfParallelism = 4)]
        public partial class Orders
        {
            [BatchItems] public IReadOnlyList<string> Ids { get; set; } = [];
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public decimal Total { get; set; }
            [BatchOutputs] public List<decimal> Totals { get; } = new();
            [Shared] public Dictionary<string, int> Cache { get; set; } = new();
            [PerItem] public StringBuilder Log { get; set; } = new();
            public string Region { get; set; } = "";
            public int Retries;
            public ImmutableArray<int> Frozen { get; set; }
            public ConcurrentDictionary<string, int> Counters { get; set; } = new();
            public IReadOnlyDictionary<string, int> Lookup { get; set; } = new Dictionary<string, int>();
            public List<int> Computed => new();
            public static List<int> StaticList = new();
            public const int Limit = 3;
        }
        """);

    [Fact]
    public Task AsyncEnumerableItems_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial record Lines
        {
            [BatchItems] public IAsyncEnumerable<string> Source { get; init; } = default!;
            [BatchItem] public string? Line { get; set; }
        }
        """);

    [Fact]
    public Task MissingItems_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class {|FLX0002:Orders|}
        {
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task MissingItemsAndItem_FLX0005NamesNoPlaceholderType() => Verify.VerifyAsync(
        Usings + """
        [BatchContext]
        public partial class {|#0:Empty|}
        {
            public int X { get; set; }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.MissingBatchItems).WithLocation(0).WithArguments("Empty"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.MissingBatchItem).WithLocation(0)
            .WithMessage("The batch context 'Empty' has no member marked [BatchItem] to receive each item"));

    [Fact]
    public Task MissingItem_FLX0005NamesTheItemType() => Verify.VerifyAsync(
        Usings + """
        [BatchContext]
        public partial class {|#0:Orders|}
        {
            [BatchItems] public List<int> Ids { get; set; } = new();
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.MissingBatchItem).WithLocation(0)
            .WithMessage("The batch context 'Orders' has no member marked [BatchItem] to receive each item of type 'int'"));

    [Fact]
    public Task TwoItemsMembers_ReportsBoth() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> {|FLX0003:A|} { get; set; } = new();
            [BatchItems] public List<string> {|FLX0003:B|} { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task ItemsNotSequence_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public int {|FLX0004:Count|} { get; set; }
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task ItemsWithTwoElementTypes_Reports() => Verify.VerifyAsync(Usings + """
        public sealed class Both : IEnumerable<int>, IEnumerable<string>
        {
            IEnumerator<int> IEnumerable<int>.GetEnumerator() => throw new NotSupportedException();
            IEnumerator<string> IEnumerable<string>.GetEnumerator() => throw new NotSupportedException();
            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => throw new NotSupportedException();
        }

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public Both {|FLX0004:Items|} { get; set; } = new();
            [BatchItem] public int Id { get; set; }
        }
        """);

    [Fact]
    public Task ArrayItems_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public int[] Ids = [];
            [BatchItem] public int Id;
        }
        """);

    [Fact]
    public Task MissingSlot_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class {|FLX0005:Orders|}
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
        }
        """);

    [Fact]
    public Task TwoSlots_ReportsBoth() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string {|FLX0003:A|} = "";
            [BatchItem] public string {|FLX0003:B|} = "";
        }
        """);

    [Fact]
    public Task InheritedStateBehindASettableOverrideOrAPublicHiddenMember_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        public abstract class Named
        {
            public virtual string Name { get; set; } = "";
            public abstract string Code { get; }
            public abstract string Tag { get; set; }
            public int Limit = 10;
            protected int Retries;
        }

        [BatchContext]
        public partial class Orders : Named
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            public override string Name { get => base.Name; set => base.Name = value.Trim(); }
            public override string Code => Id.ToUpperInvariant();
            private string _tag = "";
            public override string Tag { get => _tag; set => _tag = value; }
            public new string Limit { get; set; } = "";
        }
        """);

    [Fact]
    public Task InheritedStateBehindAGetOnlyOverrideOrAProtectedHiddenMember_Reports() => Verify.VerifyAsync(Usings + """
        public class Named
        {
            public virtual string Name { get; set; } = "";
            protected int Limit = 10;
        }

        [BatchContext]
        public partial class {|#0:Orders|} : Named
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            public override string {|#1:Name|} => base.Name.Trim();
            public new string Limit { get; set; } = "";
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.UncopiedInheritedState).WithLocation(1)
            .WithArguments("Orders", "Name", "Named", "its override declares only a getter, which may compute what it returns, so copying through it could store a different value; override the setter too (the override is then copied), or set it in OnItemContextCreated (itemContext.Name = base.Name)"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.UncopiedInheritedState).WithLocation(0)
            .WithArguments("Orders", "Limit", "Named", "a member of a more derived type hides it, and a protected member cannot be named through a cast to its own type (CS1540); make it public or internal, or give the hiding member another name"));

    [Fact]
    public Task InitOnlyMemberHiddenByAnIntermediateBase_Reports() => Verify.VerifyAsync(Usings + """
        public class Located { public string Region { get; init; } = ""; }

        public class Regional : Located { public new int Region { get; set; } }

        [BatchContext]
        public partial class {|#0:Orders|} : Regional
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }

        [BatchContext]
        public partial class Hiding : Located
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            public new int Region { get; set; }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.UncopiedInheritedState).WithLocation(0)
            .WithArguments("Orders", "Region", "Located", "a member of a base type between it and the context hides it, and its init accessor can be called only on this or base in a constructor (CS8852), where the name means the hiding member; declare it with set instead of init, or give the hiding member another name"));

    [Fact]
    public Task TupleElementNamesDifferingBetweenItemsSlotOutputAndOutputs_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Pairs
        {
            [BatchItems] public List<(int A, string B)> Items { get; set; } = new();
            [BatchItem] public (int X, string Y) Item { get; set; }
            [ItemOutput] public (int Count, string Text)? Joined { get; set; }
            [BatchOutputs] public List<(int N, string S)> Joins { get; } = new();
        }
        """);

    [Fact]
    public Task DynamicOrNintAgainstAnotherType_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Dynamics
        {
            [BatchItems] public List<dynamic> Items { get; set; } = new();
            [BatchItem] public string {|FLX0006:Item|} { get; set; } = "";
            [ItemOutput] public object? Output { get; set; }
            [BatchOutputs] public List<string> {|FLX0008:Outputs|} { get; } = new();
        }

        [BatchContext]
        public partial class Handles
        {
            [BatchItems] public List<nint> Items { get; set; } = new();
            [BatchItem] public long {|FLX0006:Item|} { get; set; }
        }
        """);

    [Fact]
    public Task TupleOfOtherElementTypes_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Pairs
        {
            [BatchItems] public List<(int A, string B)> Items { get; set; } = new();
            [BatchItem] public (long A, string B) {|FLX0006:Item|} { get; set; }
        }
        """);

    [Fact]
    public Task ItemsOfATypeParameterConstrainedToASequence_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        public abstract class Numbers : IEnumerable<int>
        {
            public IEnumerator<int> GetEnumerator() => throw new NotSupportedException();
            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }

        [BatchContext]
        public partial class Sequence<TList, TNumbers, TInner, TOuter>
            where TList : IEnumerable<int>
            where TNumbers : Numbers
            where TInner : IReadOnlyList<int>
            where TOuter : TInner
        {
            [BatchItems] public TList Items { get; set; } = default!;
            [BatchItem] public int Item { get; set; }
            [Shared] public TNumbers Numbers { get; set; } = default!;
            [Shared] public TOuter Outer { get; set; } = default!;
        }

        [BatchContext]
        public partial class ByBase<TNumbers> where TNumbers : Numbers
        {
            [BatchItems] public TNumbers Items { get; set; } = default!;
            [BatchItem] public int Item { get; set; }
        }

        [BatchContext]
        public partial class ByOther<TInner, TOuter> where TInner : IReadOnlyList<int> where TOuter : TInner
        {
            [BatchItems] public TOuter Items { get; set; } = default!;
            [BatchItem] public int Item { get; set; }
        }
        """);

    [Fact]
    public Task ItemsOfAnUnconstrainedTypeParameter_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Sequence<TList>
        {
            [BatchItems] public TList {|FLX0004:Items|} { get; set; } = default!;
            [BatchItem] public int Item { get; set; }
        }
        """);

    [Fact]
    public Task SlotTypeMismatch_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public int {|FLX0006:Id|} { get; set; }
        }
        """);

    [Fact]
    public Task OutputWithoutOutputs_Warns() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int {|FLX0026:Total|} { get; set; }
        }
        """);

    /// <summary>
    /// A durable context's codec records the [ItemOutput] and restores it on a rerun: the outputs are kept (in the store,
    /// and in the results StreamDurableAsync yields), and the member names what is persisted, so there is nothing to warn of.
    /// </summary>
    [Fact]
    public Task OutputWithoutOutputsOnADurableContext_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext(DurableJson = typeof(RowJson))]
        public partial class Rows
        {
            [BatchItems] public List<string> Lines { get; set; } = new();
            [BatchItem] public string Line { get; set; } = "";
            [ItemOutput] public int Length { get; set; }
        }

        [System.Text.Json.Serialization.JsonSerializable(typeof(string))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(int))]
        public abstract class RowJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            protected RowJson() : base(null) { }
        }
        """);

    /// <summary>A context that keeps every result holds each output in LastBatch[i].Context after the run.</summary>
    [Fact]
    public Task OutputWithoutOutputsKeepingResults_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext(KeepResults = true)]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int Total { get; set; }
        }
        """);

    /// <summary>
    /// The README's "leave out [BatchOutputs] and merge differently in the hooks": OnResultsMerged sees every result, output
    /// included, as it is merged. The verifier runs no generator, so the test declares the hook's generated definition too.
    /// </summary>
    [Fact]
    public Task OutputWithoutOutputsMergedInTheHook_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int Total { get; set; }
            public long Sum { get; private set; }

            partial void OnResultsMerged(ReadOnlySpan<BatchItemResult<Orders, string>> results);

            partial void OnResultsMerged(ReadOnlySpan<BatchItemResult<Orders, string>> results)
            {
                foreach (var result in results)
                {
                    Sum += result.Context?.Total ?? 0;
                }
            }
        }
        """);

    /// <summary>
    /// OnBatchCompleted of a context that merges as results arrive gets the counts and the failures only, and the hook
    /// declared but not implemented runs nothing: neither keeps a succeeded item's output.
    /// </summary>
    [Fact]
    public Task OutputWithoutOutputsWithOnlyTheCompletedHookOrAnUnimplementedMergedHook_Warns() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int {|FLX0026:Total|} { get; set; }
            public int Failed { get; private set; }

            partial void OnResultsMerged(ReadOnlySpan<BatchItemResult<Orders, string>> results);

            partial void OnBatchCompleted(BatchResults<Orders, string> results);

            partial void OnBatchCompleted(BatchResults<Orders, string> results) => Failed = results.Failures.Count;
        }
        """);

    /// <summary>
    /// FLX0026's page tells a context read through StreamAsync to keep [ItemOutput] and suppress the warning where the
    /// member is declared: the warning is on the member, so a pragma around it is enough and silences nothing else.
    /// </summary>
    [Fact]
    public Task OutputWithoutOutputsSuppressedWhereItIsDeclared_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public IReadOnlyList<string> Ids { get; init; } = [];
            [BatchItem] public string Id { get; set; } = "";
        #pragma warning disable FLX0026 // read from StreamAsync, one result at a time: a [BatchOutputs] list would hold them all
            [ItemOutput] public decimal Total { get; set; }
        #pragma warning restore FLX0026
        }
        """);

    /// <summary>
    /// A durable run with a codec of the user's: which members it records is the codec's business, not [ItemOutput]'s, and
    /// a run of the context as a workflow's batch step (RunAsync) still drops the outputs, so the warning stays.
    /// </summary>
    [Fact]
    public Task OutputWithoutOutputsOnAContextDurableThroughAHandWrittenCodec_Warns() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders : IDurableBatchContext<Orders, string>
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int {|FLX0026:Total|} { get; set; }

            public DurableRun<Orders, string>? GetDurableRun(string stepId) => null;
        }
        """);

    [Fact]
    public Task OutputsWithoutOutput_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [BatchOutputs] public List<int> {|FLX0007:Totals|} { get; } = new();
        }
        """);

    [Fact]
    public Task OutputsOfWrongType_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int Total { get; set; }
            [BatchOutputs] public List<long> {|FLX0008:Totals|} { get; } = new();
        }
        """);

    [Fact]
    public Task OutputsNotCollection_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int Total { get; set; }
            [BatchOutputs] public IReadOnlyList<int> {|FLX0008:Totals|} { get; } = new List<int>();
        }
        """);

    [Fact]
    public Task PerItemWithoutParameterlessConstructor_Reports() => Verify.VerifyAsync(Usings + """
        public sealed class Session { public Session(string name) { } }

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [PerItem] public Session {|FLX0009:Current|} { get; set; } = new("x");
            [PerItem] public int[] {|FLX0009:Buffer|} { get; set; } = [];
            [PerItem] public IList<int> {|FLX0009:Abstract|} { get; set; } = new List<int>();
            [PerItem] public List<int> Fine { get; set; } = new();
            [PerItem] public (int, int) Tuple { get; set; }
            [PerItem] public DayOfWeek {|FLX0009:Day|} { get; set; }
        }
        """);

    [Fact]
    public Task SharedAndPerItem_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [Shared, PerItem] public List<int> {|FLX0010:Seen|} { get; set; } = new();
        }
        """);

    [Fact]
    public Task ItemsAndSlotOnOneMember_ReportsConflictOnly() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems, BatchItem] public List<string> {|FLX0010:Ids|} { get; set; } = new();
        }
        """);

    [Fact]
    public Task UnusableMembers_Report() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public static List<string> {|FLX0011:Ids|} = new();
            [BatchItem] public string {|FLX0011:Id|} { get => ""; }
            [Shared] public readonly object Gate = new();
            [PerItem] public List<int> {|FLX0011:Computed|} => new();
            [Shared] public const int {|FLX0011:Limit|} = 1;
            [ItemOutput] public int {|FLX0011:Total|} { set { } }
            [BatchOutputs] public List<int> Totals { get; } = new();
        }
        """);

    [Fact]
    public Task ExplicitInterfaceImplementationRole_Reports() => Verify.VerifyAsync(Usings + """
        public interface IHasIds { IReadOnlyList<string> Ids { get; } }

        [BatchContext]
        public partial class Orders : IHasIds
        {
            private readonly IReadOnlyList<string> _ids = new List<string>();
            [BatchItems] IReadOnlyList<string> IHasIds.{|FLX0011:Ids|} => _ids;
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task RoleAttributeOutsideContext_Warns() => Verify.VerifyAsync(Usings + """
        public class NotAContext
        {
            [BatchItems] public List<string> {|FLX0012:Ids|} { get; set; } = new();
            [Shared] public object {|FLX0012:Gate|} = new();
            public int Plain { get; set; }
        }
        """);

    [Fact]
    public Task MutableMembersCopiedToItems_Warn() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            public List<int> {|FLX0014:Seen|} { get; set; } = new();
            public Dictionary<string, int> {|FLX0014:Counts|} = new();
            public HashSet<int> {|FLX0014:Set|} { get; init; } = new();
            public int[] {|FLX0014:Buffer|} = new int[4];
            public StringBuilder {|FLX0014:Text|} { get; set; } = new();
            public IList<int> {|FLX0014:Abstract|} { get; set; } = new List<int>();
            public Queue<int> {|FLX0014:Pending|} { get; set; } = new();
            public List<int> {|FLX0014:GetOnly|} { get; } = new();
            private readonly List<int> {|FLX0014:_private|} = new();
        }
        """);

    [Fact]
    public Task MutableMembersOfRecord_Warn() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial record Orders
        {
            [BatchItems] public List<string> Ids { get; init; } = new();
            [BatchItem] public string Id { get; init; } = "";
            public List<int> {|FLX0014:Seen|} { get; } = new();
        }
        """);

    // R16: the rule BatchOptions.CancellationGracePeriod enforces, on the argument itself, naming the value and the context.
    [Fact]
    public Task GracePeriodBelowMinusOne_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext(MaxDegreeOfParallelism = 2, {|#0:CancellationGracePeriodMs = -2|})]
        public partial class Charges
        {
            [BatchItems] public List<string> Invoices { get; set; } = [];
            [BatchItem] public string Invoice { get; set; } = "";
        }

        [BatchContext({|#1:CancellationGracePeriodMs = int.MinValue|})]
        public partial class Refunds
        {
            [BatchItems] public List<string> Invoices { get; set; } = [];
            [BatchItem] public string Invoice { get; set; } = "";
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.GracePeriodOutOfRange).WithLocation(0).WithMessage(
            "[BatchContext(CancellationGracePeriodMs = -2)] on 'Charges' is invalid: a grace period is 0 or more milliseconds, or -1 to let running attempts finish"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.GracePeriodOutOfRange).WithLocation(1).WithMessage(
            "[BatchContext(CancellationGracePeriodMs = -2147483648)] on 'Refunds' is invalid: a grace period is 0 or more milliseconds, or -1 to let running attempts finish"));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1")]
    [InlineData("30_000")]
    [InlineData("int.MaxValue")]
    public Task GracePeriodOfZeroMinusOneOrMore_NoDiagnostic(string value) => Verify.VerifyAsync(Usings + $$"""
        [BatchContext(CancellationGracePeriodMs = {{value}})]
        public partial class Charges
        {
            [BatchItems] public List<string> Invoices { get; set; } = [];
            [BatchItem] public string Invoice { get; set; } = "";
        }
        """);

    [Fact]
    public Task SharedCounterOfAValueType_Warns() => Verify.VerifyAsync(Usings + """
        [BatchContext(MaxDegreeOfParallelism = 4)]
        public sealed partial class ICtx
        {
            [BatchItems] public List<int> Items { get; init; } = [];
            [BatchItem] public int Item { get; init; }
            [Shared] public int {|#0:Counter|} { get; set; }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.SharedValueTypeMember).WithLocation(0).WithMessage(
            "'Counter' is [Shared] but its type 'int' is a value type: every item context gets its own copy, so what an item writes to it is lost "
            + "(neither other items nor the batch context see it); to share state, give it a reference type that is thread-safe (a class holding "
            + "the value, updated with Interlocked), or remove [Shared] from a value that is only read"));

    [Fact]
    public Task SharedValueTypeMembers_Warn() => Verify.VerifyAsync(Usings + """
        public enum Mode { Fast, Slow }

        public struct Totals { public int Count; public decimal Sum; }

        public readonly record struct Limits(int Max, int Min);

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [Shared] public int {|FLX0034:Counter|} { get; set; }
            [Shared] public long {|FLX0034:total|};
            [Shared] public Mode {|FLX0034:Speed|} { get; set; }
            [Shared] public Totals {|FLX0034:Sums|} { get; set; }
            [Shared] public int? {|FLX0034:Best|} { get; set; }
            [Shared] public Nullable<Totals> {|FLX0034:Maybe|};
            [Shared] public DateTime {|FLX0034:Started|} { get; init; }
            [Shared] public Limits {|FLX0034:Bounds|} { get; }
            [Shared] public readonly Guid {|FLX0034:RunId|} = Guid.NewGuid();
            [Shared] private int {|FLX0034:_hits|}, {|FLX0034:_misses|};
            [Shared] public (int Done, int Failed) {|FLX0034:Tally|} { get; set; }
        }
        """);

    [Fact]
    public Task SharedValueTypeMembersOfARecord_Warn() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial record Orders([property: Shared] int {|FLX0034:Limit|})
        {
            [BatchItems] public List<string> Ids { get; init; } = new();
            [BatchItem] public string Id { get; init; } = "";
            [Shared] public decimal {|FLX0034:Rate|} { get; init; }
        }
        """);

    [Fact]
    public Task SharedMembersOfTypeParameters_WarnOnlyWhenConstrainedToUnmanagedValues() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Tallies<TValue, TNumber, TReference, TAny, TEnum>
            where TValue : struct
            where TNumber : unmanaged
            where TReference : class
            where TEnum : Enum
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [Shared] public TValue Value { get; set; } // any struct, one holding a shared object too
            [Shared] public TNumber {|FLX0034:number|};
            [Shared] public TNumber? {|FLX0034:Maybe|} { get; set; }
            [Shared] public TReference Reference { get; set; } = default!;
            [Shared] public TAny Any { get; set; } = default!;
            [Shared] public TEnum Kind { get; set; } = default!;
        }
        """);

    [Fact]
    public Task SharedReferenceTypesAndUnmarkedValues_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        public sealed class Counter { public int Hits; }

        public sealed class Box<T> { public T Value = default!; }

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [Shared] public Counter Hits { get; init; } = new();
            [Shared] public string Region { get; set; } = "";
            [Shared] public object Gate { get; } = new();
            [Shared] public IReadOnlyList<int> Limits { get; set; } = [];
            [Shared] public IComparable<int> Boxed { get; set; } = 0;
            [Shared] public ConcurrentDictionary<string, int> Seen { get; } = new();
            public int Retries { get; set; }
            public Guid RunId;
            [PerItem] public Counter Local { get; set; } = new();
            [PerItem] public Box<int> Cell { get; set; } = new();

            // Accessor bodies may read and write state that is shared: the rule looks at stored members only.
            private readonly Box<int> _total = new();
            [Shared] public int Total { get => _total.Value; set => _total.Value = value; }
        }
        """);

    [Fact]
    public Task SharedStructsHoldingReferences_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        public readonly record struct Labelled(int Max, string Name);

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            // Copies of these share what they refer to: a buffer, a token source, a bag, an array.
            [Shared] public Memory<int> Buffer { get; set; }
            [Shared] public ReadOnlyMemory<byte> Bytes { get; set; }
            [Shared] public System.Threading.CancellationToken Stop { get; set; }
            [Shared] public (int Done, ConcurrentBag<string> Seen) Tally { get; set; }
            [Shared] public ImmutableArray<int> Frozen { get; set; }
            [Shared] public Labelled Settings { get; init; }
        }
        """);

    [Fact]
    public Task SharedStructCollection_LeftToFlx0014() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            // Its copies share one array: [Shared] is what tells FLX0014 so, and FLX0034 does not ask to remove it.
            [Shared] public ArraySegment<int> Window { get; set; }
            public ArraySegment<int> {|FLX0014:Unmarked|} { get; set; }
        }
        """);

    [Fact]
    public Task SharedValueTypeMembersWithAnotherError_ReportOnlyTheError() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [Shared, PerItem] public int {|FLX0010:Both|} { get; set; }
            [Shared] public static int {|FLX0011:Everyone|};
            [field: {|FLX0028:Shared|}] public int Misplaced { get; set; }
        }
        """);

    [Fact]
    public Task StaticOrAbstractContext_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public static partial class {|FLX0022:Helpers|}
        {
        }

        [BatchContext]
        public abstract partial class {|FLX0022:Base|}
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
        }
        """);

    [Fact]
    public Task FileLocalContext_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        file partial class {|FLX0022:Orders|}
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task UnresolvedTypes_LeftToTheCompiler() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<{|CS0246:Missing|}> Ids { get; set; } = new();
            [BatchItem] public int Id { get; set; }
            [PerItem] public {|CS0246:Gone|} State { get; set; } = default!;
            [ItemOutput] public {|CS0246:Lost|}? Result { get; set; }
            [BatchOutputs] public List<int> Results { get; } = new();
        }
        """);

    [Fact]
    public Task InheritedReservedName_Reports() => Verify.VerifyAsync(Usings + """
        public class Base
        {
            public object? DefaultBatchOptions { get; set; }
        }

        [BatchContext]
        public partial class {|FLX0023:Orders|} : Base
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task MembersNamedLikeAHookButNotItsPartialMethod_Report() => Verify.VerifyAsync(Usings + """
        public class Base
        {
            public int OnItemContextCreated;
        }

        [BatchContext]
        public partial class {|FLX0023:Orders|} : Base
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            public object? {|FLX0023:OnBatchCompleted|} { get; set; }
        }
        """);

    [Fact]
    public Task PrivateInheritedName_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        public class Base
        {
            private object? LastBatch { get; set; }
        }

        [BatchContext]
        public partial class Orders : Base
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task HandWrittenStreamingMerge_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class {|FLX0027:Orders|} : IStreamingBatchContext<Orders, string>
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            public void MergeResults(ReadOnlySpan<BatchItemResult<Orders, string>> results) { }
            BatchItems<string> IBatchContext<Orders, string>.GetBatchItems() => Ids;
            Orders IBatchContext<Orders, string>.CreateItemContext(string item) => new();
            void IBatchContext<Orders, string>.UpdateWithResults(BatchResults<Orders, string> results) { }
        }
        """);

    [Fact]
    public Task DurableJsonThatCannotSerializeTheItem_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext(DurableJson = typeof(OrderJson))]
        public partial class {|FLX0029:Orders|}
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int Total { get; set; }
            [BatchOutputs] public List<int> Totals { get; } = new();
        }

        [System.Text.Json.Serialization.JsonSerializable(typeof(int))]
        public abstract class OrderJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            protected OrderJson() : base(null) { }
        }
        """);

    [Fact]
    public Task FileLocalDurableJson_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext(DurableJson = typeof(OrderJson))]
        public partial class {|#0:Orders|}
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }

        [System.Text.Json.Serialization.JsonSerializable(typeof(string))]
        file abstract class OrderJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            protected OrderJson() : base(null) { }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.DurableJsonCannotSerialize).WithLocation(0)
            .WithArguments("Orders", "OrderJson", "is file-local: the generated codec, in a file of its own, cannot name it; declare it without 'file'"));

    [Fact]
    public Task TwoItemKeys_Report() => Verify.VerifyAsync(
        DurableOrders("""
            [ItemKey] public int Id { get; set; }
            [ItemKey] public string Code { get; set; } = "";
            """),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.MultipleItemKeys).WithLocation(0).WithArguments("Orders", "Order", "Id', 'Code"));

    [Fact]
    public Task ItemKeyOnBackingFields_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        public class Order
        {
            [field: ItemKey] public int Id { get; set; }
        }

        public sealed record Line([field: ItemKey] int Id);

        [BatchContext(DurableJson = typeof(OrderJson))]
        public partial class Orders
        {
            [BatchItems] public List<Order> Items { get; set; } = new();
            [BatchItem] public Order Order { get; set; } = new();
        }

        [BatchContext(DurableJson = typeof(OrderJson))]
        public partial class Lines
        {
            [BatchItems] public List<Line> Items { get; set; } = new();
            [BatchItem] public Line? Line { get; set; }
        }

        [System.Text.Json.Serialization.JsonSerializable(typeof(Order))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(Line))]
        public abstract class OrderJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            protected OrderJson() : base(null) { }
        }
        """);

    [Fact]
    public Task ItemKeyOnABackingFieldCountsAsItsPropertysKey() => Verify.VerifyAsync(
        DurableOrders("""
            [field: ItemKey] public int Id { get; set; }
            [ItemKey] public string Code { get; set; } = "";
            """),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.MultipleItemKeys).WithLocation(0).WithArguments("Orders", "Order", "Id', 'Code"));

    [Theory]
    [InlineData("public sealed record Order([ItemKey] int Id, string Text);")]
    [InlineData("public record struct Order([ItemKey] int Id, string Text);")]
    [InlineData("public readonly record struct Order([ItemKey] int Id, string Text);")]
    [InlineData("public sealed record Order([ItemKey] [property: ItemKey] int Id, string Text);")]
    [InlineData("public record Keyed([ItemKey] int Id); public sealed record Order(int Id, string Text) : Keyed(Id);")]
    public Task ItemKeyOnAPositionalRecordParameter_NoDiagnostic(string order) => Verify.VerifyAsync(DurableItem(order));

    [Theory]
    [InlineData("public sealed record Order([ItemKey] int Id) { [ItemKey] public string Code { get; init; } = \"\"; }", "Id', 'Code")]
    [InlineData("public record struct Order([ItemKey] int Id, [property: ItemKey] string Code);", "Id', 'Code")]
    [InlineData("public record Keyed([ItemKey] int Id); public sealed record Order(int Id, [ItemKey] string Code) : Keyed(Id);", "Code', 'Id")]
    public Task ItemKeyOnAPositionalRecordParameterAndAnotherMember_Reports(string order, string keys) => Verify.VerifyAsync(
        DurableItem(order),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.MultipleItemKeys).WithLocation(0).WithArguments("Orders", "Order", keys));

    [Theory]
    [InlineData(
        "public sealed record Order([ItemKey] int Id) { public int Id { get; init; } = Id; }",
        "Id",
        "is a parameter of the record's primary constructor, of which C# makes no property because 'Order' declares its own 'Id'; mark that member as the key")]
    [InlineData(
        "public record Keyed(int Id); public sealed record Order([ItemKey] int Id, string Text) : Keyed(Id);",
        "Id",
        "is a parameter of the record's primary constructor, of which C# makes no property because 'Order' inherits 'Id' from 'Keyed'; mark that member as the key")]
    [InlineData(
        "public sealed class Order([ItemKey] int id) { public int Id { get; } = id; }",
        "id",
        "is a parameter of the class's primary constructor, of which C# makes no property (only a record's parameters become properties); mark a field or property of the item as its key")]
    [InlineData(
        "public struct Order([ItemKey] int id) { public int Id { get; } = id; }",
        "id",
        "is a parameter of the struct's primary constructor, of which C# makes no property (only a record's parameters become properties); mark a field or property of the item as its key")]
    [InlineData(
        "public sealed class Order { public Order([ItemKey] int id) => Id = id; public int Id { get; } }",
        "id",
        "is a parameter of 'Order.Order(int)', not a field or property; mark a field or property of the item as its key")]
    [InlineData(
        "public sealed record Order(int Id) { public Order([ItemKey] string id) : this(int.Parse(id)) { } }",
        "id",
        "is a parameter of 'Order.Order(string)', not a field or property; mark a field or property of the item as its key")]
    [InlineData(
        "public class Order { public int Id { get; set; } public void Rename([ItemKey] string name) { } }",
        "name",
        "is a parameter of 'Order.Rename(string)', not a field or property; mark a field or property of the item as its key")]
    public Task ItemKeyOnAParameterThatMakesNoProperty_Reports(string order, string parameter, string problem) => Verify.VerifyAsync(
        DurableItem(order),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.UnreadableItemKey).WithLocation(0).WithArguments("Orders", "Order", parameter, problem));

    [Theory]
    [InlineData("[ItemKey] private int Id { get; set; }", "'Orders' cannot access; make it (and its getter) visible to the context, e.g. public or internal")]
    [InlineData("[ItemKey] public int Id { private get; set; }", "'Orders' cannot access; make it (and its getter) visible to the context, e.g. public or internal")]
    [InlineData("[ItemKey] public int Id { set { } }", "has no getter")]
    [InlineData("[ItemKey] public static int Id;", "is static or const; the key must be read from each item")]
    [InlineData("[field: ItemKey] public event System.EventHandler? Id;", "is an event; mark a field or property of the item as its key")]
    public Task ItemKeyTheContextCannotRead_Reports(string key, string problem) => Verify.VerifyAsync(
        DurableOrders(key),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.UnreadableItemKey).WithLocation(0).WithArguments("Orders", "Order", "Id", problem));

    [Fact]
    public Task InternalItemKeyInTheSameAssembly_NoDiagnostic() => Verify.VerifyAsync(DurableOrders("[ItemKey] internal int Id { get; set; }"));

    [Theory]
    [InlineData("public sealed class Key { }", "Key", "Order.Key")]
    [InlineData("public sealed class Key { }", "Key?", "Order.Key?")]
    [InlineData("public struct Key { public int Value; }", "Key", "Order.Key")]
    [InlineData("public struct Key { public int Value; }", "Key?", "Order.Key?")]
    [InlineData("public class Base { public override string ToString() => \"base\"; } public class Key { }", "Key", "Order.Key")]
    [InlineData("public sealed class Key { public new string ToString() => \"hides, not overrides\"; }", "Key", "Order.Key")]
    [InlineData("", "int[]", "int[]")]
    public Task ItemKeyWithoutAStringForm_Reports(string declarations, string keyType, string display) => Verify.VerifyAsync(
        DurableOrders(declarations + " [ItemKey] public " + keyType + " Id = default!;"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.ItemKeyWithoutStringForm).WithLocation(0).WithArguments("Orders", "Order", "Id", display));

    [Theory]
    [InlineData("", "string")]
    [InlineData("", "string?")]
    [InlineData("", "int")]
    [InlineData("", "long?")]
    [InlineData("", "decimal")]
    [InlineData("", "double")]
    [InlineData("", "Guid")]
    [InlineData("", "Guid?")]
    [InlineData("", "DateTime")]
    [InlineData("", "DateTimeOffset?")]
    [InlineData("", "DateOnly")]
    [InlineData("", "TimeOnly")]
    [InlineData("", "TimeSpan")]
    [InlineData("", "DayOfWeek")]
    [InlineData("", "object")]
    [InlineData("", "IComparable")]
    [InlineData("", "(int, string)")]
    [InlineData("public sealed record Key(int Value);", "Key")]
    [InlineData("public readonly record struct Key(int Value);", "Key?")]
    [InlineData("public record Key(int Value); public sealed record Derived(int Value) : Key(Value);", "Derived")]
    [InlineData("public class Base { public override string ToString() => \"base\"; } public sealed class Key : Base { }", "Key")]
    [InlineData("public struct Key : IFormattable { public string ToString(string? format, IFormatProvider? provider) => \"\"; }", "Key")]
    public Task ItemKeyWithAStringForm_NoDiagnostic(string declarations, string keyType) =>
        Verify.VerifyAsync(DurableOrders(declarations + " [ItemKey] public " + keyType + " Id = default!;"));

    [Fact]
    public Task DurableJsonWithAMemberNamedLikeTheGeneratedCodec_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext(DurableJson = typeof(OrderJson))]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            public static object? {|FLX0023:DurableCodec|} => null;
        }

        [System.Text.Json.Serialization.JsonSerializable(typeof(string))]
        public abstract class OrderJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            protected OrderJson() : base(null) { }
        }
        """);

    [Theory]
    [InlineData("LastBatch", "")]
    [InlineData("CreateBatchFlow", "")]
    [InlineData("OnItemContextCreated", "")]
    [InlineData("OnResultsMerged", "")]
    [InlineData("__FloxideBuildResilience", "")]
    [InlineData("DurableCodec", "(DurableJson = typeof(OrderJson))")]
    [InlineData("CreateDurableRun", "(DurableJson = typeof(OrderJson))")]
    public Task NamedLikeAGeneratedMember_Reports(string name, string arguments) => Verify.VerifyAsync(
        Usings + $$"""
        [BatchContext{{arguments}}]
        public partial class {|#0:{{name}}|}
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }

        [System.Text.Json.Serialization.JsonSerializable(typeof(string))]
        public abstract class OrderJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            protected OrderJson() : base(null) { }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.ReservedMemberName).WithLocation(0)
            .WithMessage($"'{name}' is named like the member '{name}' the generator adds to every [BatchContext{(arguments.Length == 0 ? "" : "(DurableJson = ...)")}] type; rename it (C# does not allow a member named like its type)"));

    [Theory]
    [InlineData("DurableCodec", "")]
    [InlineData("OnResultsMerged", "(KeepResults = true)")]
    public Task NamedLikeAMemberAddedOnlyWithOtherArguments_NoDiagnostic(string name, string arguments) => Verify.VerifyAsync(Usings + $$"""
        [BatchContext{{arguments}}]
        public partial class {{name}}
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task DurableJsonWithAnInheritedMemberNamedLikeTheGeneratedCodec_Reports() => Verify.VerifyAsync(Usings + """
        public class Base
        {
            public static object? DurableCodec => null;
        }

        [BatchContext(DurableJson = typeof(OrderJson))]
        public partial class {|FLX0023:Orders|} : Base
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }

        [System.Text.Json.Serialization.JsonSerializable(typeof(string))]
        public abstract class OrderJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            protected OrderJson() : base(null) { }
        }
        """);

    [Fact]
    public Task DurableJsonThatIsNotAJsonContext_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext(DurableJson = typeof(string))]
        public partial class {|FLX0029:Orders|}
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task DurableJsonNamingTheItemAndOutput_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext(DurableJson = typeof(OrderJson))]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int? Total { get; set; }
            [BatchOutputs] public List<int> Totals { get; } = new();
        }

        [System.Text.Json.Serialization.JsonSerializable(typeof(string))]
        [System.Text.Json.Serialization.JsonSerializable(typeof(int?))]
        public abstract class OrderJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            protected OrderJson() : base(null) { }
        }
        """);

    [Fact]
    public Task KeepResultsAttribute_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext(KeepResults = true)]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task ReservedNames_Report() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            public object? {|FLX0023:LastBatch|} { get; set; }
            public static void {|FLX0023:CreateBatchNode|}() { }
        }
        """);

    [Fact]
    public Task PrimaryConstructor_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class {|FLX0025:Orders|}(string region)
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = region;
        }
        """);

    [Fact]
    public Task BaseWithoutParameterlessConstructor_Reports() => Verify.VerifyAsync(Usings + """
        public class Base { public Base(int x) { } }

        [BatchContext]
        public partial class {|FLX0025:Orders|} : Base
        {
            public Orders() : base(1) { }
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task ConstructorWithGeneratedSignature_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class {|FLX0025:Orders|}
        {
            public Orders() { }
            public Orders(Orders parent, string item) { }
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
        }
        """);

    [Fact]
    public Task RecordWithPrimaryConstructorAndBase_NoConstructorDiagnostic() => Verify.VerifyAsync(Usings + """
        public record Base(int X);

        [BatchContext]
        public partial record Orders(int X) : Base(X)
        {
            [BatchItems] public List<string> Ids { get; init; } = new();
            [BatchItem] public string Id { get; init; } = "";
        }
        """);

    [Fact]
    public Task NonNullableSlotForNullableItems_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string?> Ids { get; set; } = new();
            [BatchItem] public string {|FLX0006:Id|} { get; set; } = "";
        }
        """);

    [Fact]
    public Task NullableSlotForNonNullableItems_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string? Id { get; set; }
        }
        """);

    [Fact]
    public Task OutputsArray_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int Total { get; set; }
            [BatchOutputs] public int[] {|FLX0008:Totals|} { get; set; } = new int[3];
        }
        """);

    [Fact]
    public Task NullableValueOutputIntoCollectionOfUnderlying_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";
            [ItemOutput] public int? Total { get; set; }
            [BatchOutputs] public ICollection<int> Totals { get; } = new List<int>();
        }
        """);

    [Fact]
    public Task SlotOfRecordMustBeSettableByWith_Reports() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial record Orders
        {
            [BatchItems] public List<string> Ids { get; init; } = new();
            [BatchItem] public readonly string {|FLX0011:Id|} = "";
        }
        """);

    [Fact]
    public Task SlotOfClassMayBeGetOnlyAutoPropertyOrReadonlyField_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; } = "";
            [PerItem] private readonly StringBuilder _log = new();
        }
        """);

    [Fact]
    public Task RoleOnAutoPropertyBackingField_ReportsOnlyThat() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [field: {|#0:BatchItems|}] public IReadOnlyList<string> Items { get; init; } = [];
            [BatchItem] public string Item { get; set; } = "";
        }
        """, new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.MemberAttributeOnBackingField).WithLocation(0).WithArguments(
            "BatchItems", "Items", "put it on the property itself, without the 'field:' target"));

    [Fact]
    public Task RoleOnFieldKeywordBackingField_ReportsOnlyThat() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [BatchItems] public IReadOnlyList<string> Items { get; init; } = [];
            [field: {|FLX0028:BatchItem|}] public string Item { get => field; set => field = value.Trim(); } = "";
        }
        """);

    [Fact]
    public Task RoleOnEventBackingField_ReportsOnlyThat() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [field: {|#0:BatchItems|}] public event EventHandler? Items;
            [BatchItem] public string Item { get; set; } = "";
        }
        """, new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.MemberAttributeOnBackingField).WithLocation(0).WithArguments(
            "BatchItems", "Items", "an event cannot have a role, so mark a field or property instead"));

    [Fact]
    public Task RoleOnPositionalRecordBackingField_ReportsOnlyThat() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial record Ctx([field: {|#0:BatchItems|}] IReadOnlyList<string> Items)
        {
            [BatchItem] public string Item { get; init; } = "";
        }
        """, new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.MemberAttributeOnBackingField).WithLocation(0).WithArguments(
            "BatchItems", "Items", "put it on the property with the 'property:' target"));

    [Fact]
    public Task SharedOnBackingFieldOfMutableMember_NoSharingWarningToo() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [BatchItems] public IReadOnlyList<string> Items { get; init; } = [];
            [BatchItem] public string Item { get; set; } = "";
            [field: {|FLX0028:Shared|}, NonSerialized] public List<int> Seen { get; set; } = new();
        }
        """);

    [Fact]
    public Task OtherAttributesOnBackingFieldsAndNestedTypes_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Ctx
        {
            [BatchItems] public IReadOnlyList<string> Items { get; init; } = [];
            [field: NonSerialized] [BatchItem] public string Item { get; set; } = "";
            [field: NonSerialized] public event EventHandler? Changed;
        }
        """);

    [Fact]
    public Task RoleOnEventBackingFieldOfNestedContext_ReportedOnceForItsOwnType() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class Outer
        {
            [BatchItems] public IReadOnlyList<string> Items { get; init; } = [];
            [BatchItem] public string Item { get; set; } = "";

            [BatchContext]
            public partial class Inner
            {
                [BatchItems] public IReadOnlyList<int> Items { get; init; } = [];
                [BatchItem] public int Item { get; set; }
                [field: {|FLX0028:Shared|}] public event EventHandler? Ping;
            }
        }
        """);

    [Fact]
    public Task NotAContext_NoMutableWarning() => Verify.VerifyAsync(Usings + """
        public class Plain
        {
            public List<int> Seen { get; set; } = new();
        }
        """);

    [Fact]
    public Task OnlyItemsCandidate_WhileItemsAreMissing_IsNotReportedShared() => Verify.VerifyAsync(Usings + """
        [BatchContext]
        public partial class {|FLX0002:Book|}
        {
            public List<string> Pages { get; set; } = new();
            public List<int> {|FLX0014:Marks|} { get; set; } = new();
            [BatchItem] public string Page { get; set; } = "";
        }
        """);

    [Fact]
    public async Task MissingItems_NamesTheOnlyCandidate()
    {
        var diagnostics = await AnalyzeAsync(Usings + """
            [BatchContext]
            public partial class Book
            {
                public List<string> Pages { get; set; } = new();
                public List<int> Marks { get; set; } = new();
                [BatchItem] public string Page { get; set; } = "";
            }

            [BatchContext]
            public partial class Shelf
            {
                public List<string> Titles { get; set; } = new();
                public string[] Authors { get; set; } = [];
                [BatchItem] public string Title { get; set; } = "";
            }
            """);

        var missing = diagnostics.Where(d => d.Id == "FLX0002").ToDictionary(d => d.GetMessage(CultureInfo.InvariantCulture).Split('\'')[1]);
        Assert.Equal("Pages", missing["Book"].Properties[BatchContextReader.CandidateProperty]);
        Assert.False(missing["Shelf"].Properties.ContainsKey(BatchContextReader.CandidateProperty));
    }

    [Fact]
    public async Task SharedArray_SaysItIsAnArray()
    {
        var diagnostics = await AnalyzeAsync(Usings + """
            [BatchContext]
            public partial class Orders
            {
                [BatchItems] public List<string> Ids { get; set; } = new();
                [BatchItem] public string Id { get; set; } = "";
                public int[] Buffer = new int[4];
                public List<int> Seen { get; set; } = new();
            }
            """);

        var shared = diagnostics.Where(d => d.Id == "FLX0014").ToDictionary(d => d.GetMessage(CultureInfo.InvariantCulture).Split('\'')[1]);
        Assert.Equal("true", shared["Buffer"].Properties[BatchContextReader.IsArrayProperty]);
        Assert.False(shared["Seen"].Properties.ContainsKey(BatchContextReader.IsArrayProperty));
    }

    /// <summary>The analyzer's diagnostics with their properties, which the markup verifier does not compare.</summary>
    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Properties",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview))],
            FloxideTestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return await compilation.WithAnalyzers([new BatchContextAnalyzer()]).GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>
    /// A durable context <c>Orders</c> (marked <c>#0</c>) over <c>Order</c> items declaring <paramref name="orderMembers"/>,
    /// with the JSON context its codec needs: the shape every [ItemKey] test shares.
    /// </summary>
    /// <summary>A durable context over the item type <c>Order</c> that <paramref name="order"/> declares (with any types it needs).</summary>
    private static string DurableItem(string order) => Usings + order + """

        [BatchContext(DurableJson = typeof(OrderJson))]
        public partial class {|#0:Orders|}
        {
            [BatchItems] public List<Order> Items { get; set; } = new();
            [BatchItem] public Order Order { get; set; } = default!;
        }

        [System.Text.Json.Serialization.JsonSerializable(typeof(Order))]
        public abstract class OrderJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            protected OrderJson() : base(null) { }
        }
        """;

    private static string DurableOrders(string orderMembers) => Usings + $$"""
        public class Order
        {
            {{orderMembers}}
        }

        [BatchContext(DurableJson = typeof(OrderJson))]
        public partial class {|#0:Orders|}
        {
            [BatchItems] public List<Order> Items { get; set; } = new();
            [BatchItem] public Order Order { get; set; } = new();
        }

        [System.Text.Json.Serialization.JsonSerializable(typeof(Order))]
        public abstract class OrderJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            protected OrderJson() : base(null) { }
        }
        """;
}
