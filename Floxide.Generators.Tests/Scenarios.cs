namespace Floxide.Generators.Tests;

/// <summary>Consumer sources the generator tests run on, one valid DSL use each.</summary>
internal static class Scenarios
{
    public const string ClassContext = """
        using System.Collections.Generic;
        using Floxide;

        namespace Shop.Images;

        public sealed class Thumbnail(string path)
        {
            public string Path { get; } = path;
        }

        public sealed class Counter
        {
            public int Value;
        }

        [BatchContext(MaxDegreeOfParallelism = 4)]
        public partial class ImageBatch
        {
            private readonly string _bucket = "images";

            [BatchItems] public IReadOnlyList<string> Paths { get; init; } = [];
            [BatchItem] public string? Path { get; set; }
            [Shared] public Counter Processed { get; init; } = new();
            [PerItem] public List<string> Log { get; set; } = new();
            public int Quality { get; set; } = 80;
            public string Format { get; } = "png";
            public string Bucket => _bucket;
            [ItemOutput] public Thumbnail? Thumbnail { get; set; }
            [BatchOutputs] public List<Thumbnail> Thumbnails { get; } = new();
        }
        """;

    public const string RecordContext = """
        using System.Collections.Generic;
        using Floxide;

        namespace Shop.Orders
        {
            [BatchContext(KeepResults = true)]
            public sealed partial record OrderBatch(string Region)
            {
                [BatchItems] public IEnumerable<int>? OrderIds { get; init; }
                [BatchItem] public int OrderId { get; init; }
                [PerItem] public List<string> Notes { get; init; } = new();
                [ItemOutput] public decimal? Total { get; set; }
                [BatchOutputs] public ICollection<decimal> Totals { get; } = new List<decimal>();
            }
        }
        """;

    public const string StreamContext = """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class LineBatch
        {
            [BatchItems] public IAsyncEnumerable<string> Lines { get; set; } = default!;
            [BatchItem] public string Line { get; set; } = "";
            public required string Source { get; init; }
        }
        """;

    public const string NestedGenericContext = """
        using System.Collections.Generic;
        using Floxide;

        namespace Shop;

        public static partial class Outer<TKey>
            where TKey : notnull
        {
            public partial class Inner
            {
                [BatchContext]
                internal partial class KeyBatch<TTag>
                {
                    [BatchItems] public List<TKey> Keys { get; set; } = new();
                    [BatchItem] public TKey Key { get; set; } = default!;
                    public TTag? Tag { get; set; }
                }
            }
        }
        """;

    public const string SameNameA = """
        using System.Collections.Generic;
        using Floxide;

        namespace A;

        [BatchContext]
        public partial class Batch
        {
            [BatchItems] public int[] Items { get; set; } = [];
            [BatchItem] public int Item { get; set; }
        }
        """;

    public const string SameNameB = """
        using System.Collections.Generic;
        using Floxide;

        namespace B;

        [BatchContext]
        public partial class Batch
        {
            [BatchItems] public IEnumerable<string> Items { get; set; } = [];
            [BatchItem] public string Item { get; set; } = "";
        }
        """;

    public const string PartialPart1 = """
        using System.Collections.Generic;
        using Floxide;

        namespace Split;

        [BatchContext]
        public partial class SplitBatch
        {
            [BatchItems] public List<string> Names { get; set; } = new();
        }
        """;

    public const string PartialPart2 = """
        namespace Split;

        public partial class SplitBatch
        {
            [Floxide.BatchItem] public string Name { get; set; } = "";
            private int _attempts = 3;
            public int Attempts => _attempts;
        }
        """;

    public const string Nodes = """
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        namespace Shop.Nodes;

        public sealed class Order
        {
            public int Id { get; set; }
        }

        public enum Route { Ship, Hold }

        [Node(Id = "validate")]
        public sealed partial class ValidateNode
        {
            private bool Process(Order order) => order.Id > 0;
        }

        [Node]
        public partial class LogNode
        {
            public void Process(Order order, CancellationToken cancellationToken) { }
        }

        [Node]
        public partial class RouteNode
        {
            public Route Process(Order order) => order.Id % 2 == 0 ? Route.Ship : Route.Hold;
        }

        [Node]
        public partial class ActionNode
        {
            public NodeAction Process(Order order) => "custom";
        }

        [Node]
        public partial class SaveNode
        {
            public async Task ProcessAsync(Order order, CancellationToken cancellationToken) => await Task.Yield();
        }

        [Node]
        public partial class CheckNode
        {
            public ValueTask<bool> ProcessAsync(Order order) => new(order.Id != 13);
        }

        [Node]
        public partial class FetchNode
        {
            public Task<Route> ProcessAsync(Order order, CancellationToken cancellationToken) => Task.FromResult(Route.Ship);
        }

        [Node]
        public partial class FlushNode
        {
            public ValueTask ProcessAsync(Order order) => default;
        }

        [Node]
        public partial class DecideNode
        {
            public Task<NodeAction> ProcessAsync(Order order) => Task.FromResult(NodeAction.Stop);
        }

        [Node]
        public partial class PassThroughNode
        {
            public ValueTask<NodeAction> ProcessAsync(Order order, CancellationToken cancellationToken) => new(NodeAction.Default);
        }

        public static partial class Steps
        {
            [Node(Id = "generic")]
            public partial class EchoNode<TContext>
            {
                public void Process(TContext context) { }
            }
        }
        """;

    public const string MemberKinds = """
        using System;
        using System.Collections.Generic;
        using Floxide;

        namespace Shop.Members;

        public class BatchBase
        {
            public string Tenant { get; set; } = "";
            public required string Owner { get; init; }
            protected int Retries;
            protected readonly int Hidden = 1;
            private int _private = 2;
            public int Private => _private;
            public virtual string Label { get; set; } = "";
            public virtual string Title { get; set; } = "";
            public int Quota = 5;
            public string Zone { get; protected init; } = "";
        }

        [BatchContext(KeepResults = true)]
        public sealed partial class MemberBatch<TState> : BatchBase
            where TState : new()
        {
            public MemberBatch(int seed)
            {
                _seed = seed;
                Summary = "";
                Summaries = new();
            }

            private readonly int _seed;
            public required string Token;
            public string Normalized { get => field; set => field = value.Trim(); } = "";
            public string Lazy { get => field ??= "computed"; }
            public event EventHandler? Changed;
            public override string Label { get; set; } = "";
            public override string Title { get => base.Title; set => base.Title = value.Trim(); }
            public new string Quota = "";
            public new int Zone { get; set; }
            public int @class { get; init; }

            [BatchItems] public IEnumerable<Guid> Ids { get; init; } = [];
            [BatchItem] public readonly Guid Id;
            [PerItem] public TState State { get; init; } = new();
            [PerItem] public Dictionary<string, int> Counts = new();
            [ItemOutput] public string Summary { get; set; }
            [BatchOutputs] public HashSet<string> Summaries { get; }

            public int Seed => _seed;
            public void Raise() => Changed?.Invoke(this, EventArgs.Empty);
        }
        """;

    /// <summary>
    /// Durable contexts: <c>DurableJson</c> names a JSON context (written by hand here, as the System.Text.Json
    /// generator would write it) that serializes the item and output types; one keyed by position with an output,
    /// one over a stream keyed by its item's [ItemKey] without one.
    /// </summary>
    public const string DurableContext = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        using Floxide;

        namespace Prompts;

        public sealed record Answer(string Text);

        [BatchContext(DurableJson = typeof(PromptJson))]
        public partial class PromptBatch
        {
            [BatchItems] public IReadOnlyList<string> Prompts { get; init; } = [];
            [BatchItem] public string Prompt { get; set; } = "";
            [ItemOutput] public Answer? Answer { get; set; }
            [BatchOutputs] public List<Answer> Answers { get; } = [];
        }

        public sealed record Ticket([property: ItemKey] long Id, string Body);

        [BatchContext(DurableJson = typeof(PromptJson))]
        public partial class TicketBatch
        {
            [BatchItems] public IAsyncEnumerable<Ticket> Tickets { get; init; } = default!;
            [BatchItem] public Ticket Ticket { get; set; } = null!;
        }

        [JsonSerializable(typeof(string))]
        [JsonSerializable(typeof(Answer))]
        [JsonSerializable(typeof(Ticket))]
        public sealed class PromptJson : JsonSerializerContext
        {
            public PromptJson() : base(null) { }
            public static PromptJson Default { get; } = new();
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }
        """;

    public const string StreamingContext = """
        using System.Collections.Generic;
        using Floxide;

        namespace Logs;

        [BatchContext]
        public partial class LineBatch
        {
            [BatchItems] public IAsyncEnumerable<string> Lines { get; init; } = default!;
            [BatchItem] public string Line { get; set; } = "";
            [ItemOutput] public int Length { get; set; }
            [BatchOutputs] public ICollection<int>? Lengths { get; set; }
        }
        """;

    /// <summary>
    /// Public types whose items, context or steps are less accessible: the generated members that mention
    /// them take their accessibility (internal, or private for a private nested type), and a node or
    /// workflow whose run method cannot be public implements it explicitly as well. Also dynamic items,
    /// which an implemented interface spells as object.
    /// </summary>
    public const string LessAccessibleTypes = """
        using System.Collections.Generic;
        using Floxide;

        namespace Shop.Internal;

        internal sealed record Row(int Id);

        internal sealed partial class Audit
        {
            public int Steps { get; set; }
        }

        [BatchContext]
        public partial class RowBatch
        {
            [BatchItems] internal IReadOnlyList<Row> Rows { get; init; } = [];
            [BatchItem] internal Row? Row { get; set; }
        }

        [BatchContext]
        public partial class LineBatch
        {
            private sealed record Line(string Text);

            [BatchItems] private IReadOnlyList<Line> Lines { get; init; } = [];
            [BatchItem] private Line? Current { get; set; }

            public static long Run(IEnumerable<string> texts)
            {
                var batch = new LineBatch { Lines = [.. System.Linq.Enumerable.Select(texts, t => new Line(t))] };
                return CreateBatchNode(new CountLine()).RunBatchAsync(batch).GetAwaiter().GetResult().Succeeded;
            }

            [Node]
            private sealed partial class CountLine
            {
                public void Process(LineBatch context) { }
            }
        }

        public static partial class Outer
        {
            private sealed record Cell(int Value);

            [BatchContext]
            private sealed partial class CellBatch
            {
                [BatchItems] public IReadOnlyList<Cell> Cells { get; init; } = [];
                [BatchItem] public Cell? Cell { get; set; }
            }
        }

        [BatchContext]
        public partial class DynamicBatch
        {
            [BatchItems] public IReadOnlyList<dynamic> Values { get; init; } = [];
            [BatchItem] public dynamic? Value { get; set; }
        }

        [Node]
        public partial class CountStep
        {
            internal void Process(Audit audit) => audit.Steps++;
        }

        [Node]
        internal partial class CloseStep
        {
            public bool Process(Audit audit) => audit.Steps > 0;
        }

        [Workflow(typeof(Audit))]
        [Start(typeof(CountStep))]
        [Route(typeof(CountStep), typeof(CloseStep))]
        public partial class AuditFlow { }
        """;

    /// <summary>
    /// Names C# allows that generated code and hint names must survive: keywords escaped with '@' (in the
    /// namespace too: a hint name may not contain '@'), a Unicode connecting character, a tuple alias as the
    /// item type, a generic node over a type parameter, a workflow nested in its context, a context nested in a struct.
    /// </summary>
    public const string UnusualNames = """
        global using Pair = (int Id, string Name);
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        namespace @event.@class;

        [BatchContext]
        public partial class @record
        {
            [BatchItems] public IAsyncEnumerable<Pair> @in { get; init; } = Empty();
            [BatchItem] public Pair @out { get; set; }
            [ItemOutput] public string? @string { get; set; }
            [BatchOutputs] public List<string> @params { get; } = [];
            public int first‿second { get; set; }

            private static async IAsyncEnumerable<Pair> Empty()
            {
                await Task.Yield();
                yield break;
            }

            [Workflow(typeof(@record))]
            [Start(typeof(Step<@record>))]
            public partial class Flow { }
        }

        [Node]
        public partial class Step<T> where T : class
        {
            public ValueTask<NodeAction> ProcessAsync(T context, CancellationToken cancellationToken = default) => new(NodeAction.Default);
        }

        public partial struct Holder
        {
            [BatchContext]
            internal partial class Inner
            {
                [BatchItems] public int[] Items = [];
                [BatchItem] public int Item { get; set; }
            }
        }
        """;

    /// <summary>
    /// Types whose names differ in case alone: Roslyn compares hint names ignoring case, so those files
    /// get a suffix (and the generator does not fail on a duplicate hint name); the others keep plain names.
    /// </summary>
    public const string NamesDifferingInCase = """
        using Floxide;

        namespace Shop.Cases
        {
            [BatchContext]
            public partial class Batch { [BatchItems] public int[] Items = []; [BatchItem] public int Item; }

            [BatchContext]
            public partial class BATCH { [BatchItems] public int[] Items = []; [BatchItem] public int Item; }

            [Node]
            public partial class Count { public void Process(Batch context) { } }
        }

        namespace shop.cases
        {
            [Floxide.Node]
            public partial class Count { public void Process(Shop.Cases.BATCH context) { } }
        }
        """;

    /// <summary>
    /// Type and type parameter names of lower-case ASCII letters alone, with the user's CS8981 silenced in their own
    /// file: the generated declarations escape them (<c>partial class @batch</c>), so the warning does not come back.
    /// </summary>
    public const string LowerCaseNames = """
        #pragma warning disable CS8981 // the names are the user's choice
        using Floxide;

        namespace Lower;

        public partial class outer
        {
            [BatchContext]
            public partial class batch
            {
                [BatchItems] public int[] items = [];
                [BatchItem] public int item;
            }

            [Node]
            public partial class copy<t> where t : class
            {
                public void Process(t context) { }
            }

            [Workflow(typeof(batch))]
            [Start(typeof(copy<batch>))]
            public partial class flow { }
        }
        """;

    /// <summary>
    /// Explicitly implemented auto-properties, which the class cannot name: a settable one is copied through its
    /// interface, a get-only one keeps its initial value in item contexts (nothing can assign it).
    /// </summary>
    public const string ExplicitInterfaceState = """
        using System.Collections.Generic;
        using Floxide;

        namespace Shop.Labels;

        public interface ILabelled { string Caption { get; set; } }

        public interface IKeyed<TKey> { TKey Key { get; } }

        [BatchContext]
        public partial class LabelBatch : ILabelled, IKeyed<int>
        {
            [BatchItems] public List<string> Items { get; set; } = new();
            [BatchItem] public string Item { get; set; } = "";
            string ILabelled.Caption { get; set; } = "";
            int IKeyed<int>.Key { get; } = 7;
        }
        """;

    /// <summary>
    /// Readers of other types, for <see cref="QualifiedReaders"/>: an overload of another shape before a fitting one,
    /// generic types, a method a derived type inherits, an internal one, an (object)-only one, and a protected one of a
    /// base type.
    /// </summary>
    public const string ReaderTypes = """
        using System;

        namespace Shop.Signals;

        public static class Quota
        {
            public static bool IsExhausted(string message) => message.Contains("quota", StringComparison.Ordinal);

            public static bool IsExhausted(Exception error) => error is TimeoutException;

            public static TimeSpan? Wait(Exception error) => null;
        }

        public static class PerKey<TKey>
        {
            public static bool IsBusy(object error) => error is TimeoutException;
        }

        public class BaseReaders
        {
            public static TimeSpan? ResetOf(Exception error) => null;

            protected static bool IsShedding(Exception error) => error is InvalidOperationException;
        }

        internal static class Backoff
        {
            internal static TimeSpan? Pause(Exception error) => error is InvalidOperationException ? TimeSpan.FromSeconds(1) : null;

            public static bool IsSaturated(object error) => error is InvalidOperationException;
        }

        public sealed class DerivedReaders : BaseReaders
        {
        }
        """;

    /// <summary>
    /// Readers named nameof(Type.Method): Floxide's own ThrottlingSignals.RetryAfterOf (its HttpResponseMessage overload
    /// ignored), a user type's in another namespace, one of a type over the context's own type parameter, one inherited.
    /// </summary>
    public const string QualifiedReaders = """
        using System.Collections.Generic;
        using Floxide;
        using Shop.Signals;

        namespace Shop.Calls;

        /// <summary>Both readers on other types, one of them Floxide's.</summary>
        [BatchContext(MaxDegreeOfParallelism = 16)]
        [AdaptiveConcurrency(IsThrottled = nameof(Quota.IsExhausted), RetryAfter = nameof(ThrottlingSignals.RetryAfterOf))]
        public partial class Prompts
        {
            [BatchItems] public List<string> Texts { get; set; } = new();
            [BatchItem] public string Text { get; set; } = "";
        }

        public static partial class Shards<TKey>
        {
            /// <summary>A reader of a type constructed over the containing type's parameter, and one a derived type inherits.</summary>
            [BatchContext]
            [AdaptiveConcurrency(IsThrottled = nameof(PerKey<TKey>.IsBusy), RetryAfter = nameof(Shop.Signals.DerivedReaders.ResetOf))]
            public partial class Keys
            {
                [BatchItems] public List<TKey> Items { get; set; } = new();
                [BatchItem] public TKey Item { get; set; } = default!;
            }
        }

        /// <summary>A protected reader of the context's base type, and an internal one (its type internal too).</summary>
        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(BaseReaders.IsShedding), RetryAfter = nameof(Backoff.Pause))]
        public partial class Shed : BaseReaders
        {
            [BatchItems] public List<string> Texts { get; set; } = new();
            [BatchItem] public string Text { get; set; } = "";
        }

        /// <summary>
        /// Readers qualified with the context's own type: a private one it declares, and one it inherits (passed as its
        /// declaring type's).
        /// </summary>
        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(Own.IsBusy), RetryAfter = nameof(Own.ResetOf))]
        public partial class Own : BaseReaders
        {
            [BatchItems] public List<string> Texts { get; set; } = new();
            [BatchItem] public string Text { get; set; } = "";

            private static bool IsBusy(System.Exception error) => Backoff.IsSaturated(error);
        }

        /// <summary>An (object)-only reader of another type.</summary>
        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(Backoff.IsSaturated))]
        public partial class Saturated
        {
            [BatchItems] public List<string> Texts { get; set; } = new();
            [BatchItem] public string Text { get; set; } = "";
        }
        """;

    /// <summary>Resilience declared in the DSL: item level on a context, step level on nodes (issue 12).</summary>
    public const string Resilience = """
        using System;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        namespace Shop.Resilient;

        /// <summary>Every item retried with exponential backoff, timed out per attempt, and started at most 50 times a second.</summary>
        [BatchContext(MaxDegreeOfParallelism = 8)]
        [Retry(MaxAttempts = 4, DelayMs = 200, Backoff = RetryBackoff.Exponential, Jitter = true, On = new[] { typeof(HttpRequestException), typeof(TimeoutException) })]
        [Timeout(Ms = 30_000)]
        [RateLimit(PermitsPerSecond = 50)]
        public partial class Calls
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";
        }

        /// <summary>Only a rate limit: the options get a limiter and no pipeline.</summary>
        [BatchContext]
        [RateLimit(PermitsPerSecond = 5)]
        public partial class Throttled
        {
            [BatchItems] public List<int> Items { get; set; } = new();
            [BatchItem] public int Item { get; set; }
        }

        /// <summary>Adaptive concurrency with every setting and both readers, named as a user would, with nameof.</summary>
        [BatchContext(MaxDegreeOfParallelism = 64)]
        [AdaptiveConcurrency(InitialLevel = 2, MinimumLevel = 1, DecreaseFactor = 0.5, LatencyThresholdMs = 250, IsThrottled = nameof(Busy), RetryAfter = nameof(Wait))]
        public partial class Adaptive
        {
            [BatchItems] public List<string> Urls { get; set; } = new();
            [BatchItem] public string Url { get; set; } = "";

            private static bool Busy(Exception error) => error is TimeoutException;

            private static TimeSpan? Wait(Exception error) => error is HttpRequestException ? TimeSpan.FromSeconds(1) : null;
        }

        /// <summary>Adaptive concurrency with its defaults and no ceiling given: the options get only that.</summary>
        [BatchContext]
        [AdaptiveConcurrency]
        public partial class Gentle
        {
            [BatchItems] public List<int> Items { get; set; } = new();
            [BatchItem] public int Item { get; set; }
        }

        /// <summary>A classifier named by a keyword, taking object: the generated method group is escaped.</summary>
        [BatchContext]
        [AdaptiveConcurrency(IsThrottled = nameof(@checked))]
        public partial class Keyword
        {
            [BatchItems] public List<int> Items { get; set; } = new();
            [BatchItem] public int Item { get; set; }

            private static bool @checked(object error) => error is TimeoutException;
        }

        /// <summary>A step retried on every exception but cancellation, with the defaults.</summary>
        [Node]
        [Retry]
        public partial class Fetch
        {
            public Task ProcessAsync(Calls context, CancellationToken cancellationToken) => Task.CompletedTask;
        }

        /// <summary>A synchronous step with a constant, unjittered retry, a rate limit and a timeout.</summary>
        [Node]
        [Retry(MaxAttempts = 2, DelayMs = 0, Backoff = RetryBackoff.Constant, Jitter = false)]
        [RateLimit(PermitsPerSecond = 10)]
        [Timeout(Ms = 1_000)]
        public partial class Store
        {
            public bool Process(Calls context) => true;
        }

        /// <summary>Only a concurrency limit: a pipeline with its one limiter and nothing else.</summary>
        [Node]
        [ConcurrencyLimit(PermitLimit = 4)]
        public partial class Write
        {
            public Task ProcessAsync(Calls context, CancellationToken cancellationToken) => Task.CompletedTask;
        }

        /// <summary>All four: the retry, the signals, the concurrency limit, the rate limit, then the timeout.</summary>
        [Node]
        [Retry(MaxAttempts = 3, DelayMs = 100)]
        [Timeout(Ms = 5_000)]
        [RateLimit(PermitsPerSecond = 20)]
        [ConcurrencyLimit(PermitLimit = 32)]
        public partial class Call
        {
            public Task ProcessAsync(Calls context, CancellationToken cancellationToken) => Task.CompletedTask;
        }

        /// <summary>A generic context's rate limit: one limiter for Tenants&lt;TKey&gt;, whatever TKey.</summary>
        [BatchContext]
        [RateLimit(PermitsPerSecond = 5)]
        public partial class Tenants<TKey>
        {
            [BatchItems] public List<TKey> Keys { get; set; } = new();
            [BatchItem] public TKey Key { get; set; } = default!;
        }

        public static partial class Exports<TFormat>
        {
            /// <summary>A step nested in a generic type, generic itself: its limiters are Exports&lt;&gt;.Upload&lt;,&gt;'s.</summary>
            [Node]
            [ConcurrencyLimit(PermitLimit = 2)]
            [RateLimit(PermitsPerSecond = 10)]
            public partial class Upload<TKey, TTarget>
            {
                public Task ProcessAsync(Tenants<TKey> context, CancellationToken cancellationToken) => Task.CompletedTask;
            }
        }
        """;

    /// <summary>
    /// Declared cancellation grace periods: a finite one beside a limit, an unbounded one (-1) alone, one with a declared
    /// pipeline (the options' other branch), and a 0 that is the same as none; a workflow whose batch steps set their
    /// own (finite, -1, and 0 over a context that drains) or keep the context's.
    /// </summary>
    public const string GracePeriods = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        namespace Shop.Draining;

        [BatchContext(MaxDegreeOfParallelism = 4, CancellationGracePeriodMs = 10_000)]
        public partial class Charges
        {
            [BatchItems] public List<string> Invoices { get; set; } = new();
            [BatchItem] public string Invoice { get; set; } = "";
        }

        [BatchContext(CancellationGracePeriodMs = -1)]
        public partial class Refunds
        {
            [BatchItems] public List<string> Invoices { get; set; } = new();
            [BatchItem] public string Invoice { get; set; } = "";
        }

        [BatchContext(CancellationGracePeriodMs = 250)]
        [Retry(MaxAttempts = 2, DelayMs = 100)]
        public partial class Retried
        {
            [BatchItems] public List<int> Items { get; set; } = new();
            [BatchItem] public int Item { get; set; }
        }

        [BatchContext(CancellationGracePeriodMs = 0)]
        public partial class Undrained
        {
            [BatchItems] public List<int> Items { get; set; } = new();
            [BatchItem] public int Item { get; set; }
        }

        [Node] public partial class Charge { public Task ProcessAsync(Charges charges, CancellationToken cancellationToken) => Task.Delay(1, cancellationToken); }
        [Node] public partial class Receipt { public void Process(Charges charges) { } }
        [Node] public partial class Ledger { public void Process(Charges charges) { } }
        [Node] public partial class Notify { public void Process(Charges charges) { } }

        [Workflow(typeof(Charges))]
        [Start(typeof(Charge))]
        [BatchStep(typeof(Charge), CancellationGracePeriodMs = 30_000)]
        [Route(typeof(Charge), typeof(Receipt))]
        [BatchStep(typeof(Receipt), MaxDegreeOfParallelism = 2, CancellationGracePeriodMs = -1, FailureAction = "partial")]
        [Route(typeof(Receipt), typeof(Ledger))]
        [EndOn(typeof(Receipt), "partial")]
        [BatchStep(typeof(Ledger), CancellationGracePeriodMs = 0)]
        [Route(typeof(Ledger), typeof(Notify))]
        [BatchStep(typeof(Notify))]
        public partial class ChargeFlow { }
        """;
}
