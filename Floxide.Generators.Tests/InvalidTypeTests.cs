using Floxide.Generators.Analyzers;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests;

/// <summary>
/// Types that break a rule (see <c>BatchContextReader</c> R0–R16 and <c>NodeReader</c> N1–N8) get no
/// generated code at all, and the generator never throws; a valid sibling in the same compilation
/// is still generated, so the check cannot pass by generating nothing for everyone.
/// </summary>
public sealed class InvalidTypeTests
{
    private const string Valid = """
        [Floxide.BatchContext]
        public partial class ValidBatch
        {
            [Floxide.BatchItems] public System.Collections.Generic.List<int> Items { get; set; } = new();
            [Floxide.BatchItem] public int Item { get; set; }
        }

        [Floxide.Node]
        public partial class ValidNode
        {
            public void Process(ValidBatch context) { }
        }
        """;

    public static TheoryData<string, string> InvalidContexts => new()
    {
        { "R1 struct", "[BatchContext] public partial struct T { [BatchItems] public List<int> Items; [BatchItem] public int Item; }" },
        { "R1 abstract", "[BatchContext] public abstract partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R2 not partial", "[BatchContext] public class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R2 container not partial", "public class O { [BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; } }" },
        { "R2 file-local", "[BatchContext] file partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R2 inside a file-local type", "file static partial class O { [BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; } }" },
        { "R0 unresolved item type", "[BatchContext] public partial class T { [BatchItems] public List<Missing> Items = new(); [BatchItem] public Missing? Item; }" },
        { "R0 unresolved output type", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; [ItemOutput] public Missing? R; [BatchOutputs] public List<Missing> O = new(); }" },
        { "R0 file-local item type", "file sealed record F(int V); [BatchContext] public partial class T { [BatchItems] internal List<F> Items = new(); [BatchItem] internal F? Item; }" },
        { "R0 repeated on two partial declarations", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); } [BatchContext] public partial class T { [BatchItem] public int Item; }" },
        { "R3 reserved name", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; public int LastBatch; }" },
        { "R3 inherited reserved name", "public class B { public object? DefaultBatchOptions; } [BatchContext] public partial class T : B { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R3 base is a context", "[BatchContext] public partial class B { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; } [BatchContext] public partial class T : B { [BatchItems] public List<int> Items2 = new(); [BatchItem] public int Item2; }" },
        { "R4 limit below 1", "[BatchContext(MaxDegreeOfParallelism = 0)] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R16 grace period below -1", "[BatchContext(CancellationGracePeriodMs = -2)] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R16 grace period of int.MinValue", "[BatchContext(CancellationGracePeriodMs = int.MinValue)] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R5 two attributes", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem, Shared] public int Item; }" },
        { "R5 explicit interface implementation", "public interface IHas { List<int> Items { get; } } [BatchContext] public partial class T : IHas { [BatchItems] List<int> IHas.Items => new(); [BatchItem] public int Item; }" },
        { "R5 static member", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; [Shared] public static object? S; }" },
        { "R5 role on an auto-property's backing field", "[BatchContext] public partial class T { [field: BatchItems] public List<int> Items { get; init; } = []; [BatchItem] public int Item; }" },
        { "R5 role on a field-keyword property's backing field", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [field: BatchItem] public int Item { get => field; set => field = value; } }" },
        { "R5 role on an event's backing field", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; [field: Shared] public event System.EventHandler? E; }" },
        { "R5 role on a positional record parameter's backing field", "[BatchContext] public partial record T([field: BatchItems] List<int> Items) { [BatchItem] public int Item { get; init; } }" },
        { "R6 no items", "[BatchContext] public partial class T { [BatchItem] public int Item; }" },
        { "R6 two items", "[BatchContext] public partial class T { [BatchItems] public List<int> A = new(); [BatchItems] public List<int> B = new(); [BatchItem] public int Item; }" },
        { "R6 not a sequence", "[BatchContext] public partial class T { [BatchItems] public int Items; [BatchItem] public int Item; }" },
        { "R6 write-only", "[BatchContext] public partial class T { [BatchItems] public List<int> Items { set { } } [BatchItem] public int Item; }" },
        { "R7 no slot", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); }" },
        { "R7 two slots", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int A; [BatchItem] public int B; }" },
        { "R7 wrong slot type", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public long Item; }" },
        { "R7 nullable items, non-nullable slot", "[BatchContext] public partial class T { [BatchItems] public List<string?> Items = new(); [BatchItem] public string Item = \"\"; }" },
        { "R7 computed slot", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item => 1; }" },
        { "R7 record get-only slot", "[BatchContext] public partial record T { [BatchItems] public List<int> Items { get; init; } = new(); [BatchItem] public int Item { get; } }" },
        { "R8 per-item interface", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; [PerItem] public IList<int> L = new List<int>(); }" },
        { "R8 per-item no parameterless ctor", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; [PerItem] public System.Uri U = new(\"http://x\"); }" },
        { "R9 outputs without output", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; [BatchOutputs] public List<int> O = new(); }" },
        { "R9 outputs of another type", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; [ItemOutput] public string? R; [BatchOutputs] public List<int> O = new(); }" },
        { "R9 outputs array", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; [ItemOutput] public int R; [BatchOutputs] public int[] O = []; }" },
        { "R9 two outputs", "[BatchContext] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; [ItemOutput] public int R; [ItemOutput] public int S; }" },
        { "R11 implements streaming itself", "[BatchContext] public partial class T : IStreamingBatchContext<T, int> { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; public void MergeResults(System.ReadOnlySpan<BatchItemResult<T, int>> r) { } }" },
        { "R12 retry attempts below 1", "[BatchContext, Retry(MaxAttempts = 0)] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R12 timeout of 0", "[BatchContext, Timeout] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R12 retry delay above a day", "[BatchContext, Retry(DelayMs = 86_400_001)] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R12 timeout above a day", "[BatchContext, Timeout(Ms = 90_000_000)] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R12 rate of 0", "[BatchContext, RateLimit] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R12 backoff that names no member", "[BatchContext, Retry(Backoff = (RetryBackoff)3)] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R12 retry on null", "[BatchContext, Retry(On = new System.Type[] { null! })] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R12 retry on a file-local exception", "file sealed class E : System.Exception { } [BatchContext, Retry(On = new[] { typeof(E) })] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R15 reader of another type without the reader's shape", "public static class S { public static System.TimeSpan W(System.Exception e) => default; } [BatchContext, AdaptiveConcurrency(RetryAfter = nameof(S.W))] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R15 instance reader of another type", "public sealed class S { public bool B(System.Exception e) => true; } [BatchContext, AdaptiveConcurrency(IsThrottled = nameof(S.B))] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R15 generic reader of another type", "public static class S { public static bool B<X>(System.Exception e) => true; } [BatchContext, AdaptiveConcurrency(IsThrottled = nameof(S.B))] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R15 static abstract reader", "public interface IS { static abstract bool B(System.Exception e); } [BatchContext, AdaptiveConcurrency(IsThrottled = nameof(IS.B))] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R15 private reader of another type", "public static class S { private static bool B(System.Exception e) => true; } [BatchContext, AdaptiveConcurrency(IsThrottled = nameof(S.B))] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R15 reader of a file-local type", "file static class S { public static bool B(System.Exception e) => true; } [BatchContext, AdaptiveConcurrency(IsThrottled = nameof(S.B))] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R15 reader of an open generic type", "public static class S<X> { public static bool B(System.Exception e) => true; } [BatchContext, AdaptiveConcurrency(IsThrottled = nameof(S<>.B))] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R15 obsolete-error reader of another type", "public static class S { [System.Obsolete(\"gone\", error: true)] public static bool B(System.Exception e) => true; } [BatchContext, AdaptiveConcurrency(IsThrottled = nameof(S.B))] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R15 reader of an obsolete-error type", "[System.Obsolete(\"gone\", error: true)] public static class S { public static bool B(System.Exception e) => true; } [BatchContext, AdaptiveConcurrency(IsThrottled = nameof(S.B))] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R15 obsolete-error reader of the context", "[BatchContext, AdaptiveConcurrency(IsThrottled = nameof(B))] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; [System.Obsolete(\"gone\", true)] private static bool B(System.Exception e) => true; }" },
        { "R15 reader that is a property of another type", "public static class S { public static bool B => true; } [BatchContext, AdaptiveConcurrency(IsThrottled = nameof(S.B))] public partial class T { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R14 two keys", ItemKeyOn("public sealed class Order { [ItemKey] public int Id; [ItemKey] public int Code; }") },
        { "R14 private key", ItemKeyOn("public sealed class Order { [ItemKey] private int Id { get; init; } }") },
        { "R14 key with a private getter", ItemKeyOn("public sealed class Order { [ItemKey] public int Id { private get; init; } }") },
        { "R14 key without a getter", ItemKeyOn("public sealed class Order { [ItemKey] public int Id { set { } } }") },
        { "R14 static key", ItemKeyOn("public sealed class Order { [ItemKey] public static int Id; }") },
        { "R14 const key", ItemKeyOn("public sealed class Order { [ItemKey] public const int Id = 1; }") },
        { "R14 key on an event's backing field", ItemKeyOn("public sealed class Order { [field: ItemKey] public event System.EventHandler? Changed; }") },
        { "R14 key on a record parameter and a member", ItemKeyOn("public sealed record Order([ItemKey] int Id) { [ItemKey] public int Code { get; init; } }") },
        { "R14 key on a record parameter the record declares", ItemKeyOn("public sealed record Order([ItemKey] int Id) { public int Id { get; init; } = Id; }") },
        { "R14 key on a record parameter the record inherits", ItemKeyOn("public record B(int Id); public sealed record Order([ItemKey] int Id) : B(Id);") },
        { "R14 key on a class's primary constructor parameter", ItemKeyOn("public sealed class Order([ItemKey] int id) { public int Id { get; } = id; }") },
        { "R14 key on a method parameter", ItemKeyOn("public sealed class Order { public int Id { get; set; } public void Rename([ItemKey] int id) { } }") },
        { "R14 key without a string form", ItemKeyOn("public sealed class Code { } public sealed class Order { [ItemKey] public Code Id = new(); }") },
        { "R13 file-local JSON context", "public sealed class Order { } [BatchContext(DurableJson = typeof(J))] public partial class T { [BatchItems] public List<Order> Items = new(); [BatchItem] public Order? Item; } [System.Text.Json.Serialization.JsonSerializable(typeof(Order))] file abstract class J : System.Text.Json.Serialization.JsonSerializerContext { protected J() : base(null) { } }" },
        { "R10 primary constructor", "[BatchContext] public partial class T(int x) { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; public int X = x; }" },
        { "R10 base without parameterless ctor", "public class B { public B(int x) { } } [BatchContext] public partial class T : B { public T() : base(1) { } [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
        { "R10 constructor signature taken", "[BatchContext] public partial class T { public T() { } public T(T parent, int item) { } [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }" },
    };

    /// <summary>A durable context over <c>Order</c>, declared by <paramref name="order"/>, with a JSON context that names it (R13 holds).</summary>
    private static string ItemKeyOn(string order) => order + """
         [BatchContext(DurableJson = typeof(J))] public partial class T { [BatchItems] public List<Order> Items = new(); [BatchItem] public Order? Item; }
         [System.Text.Json.Serialization.JsonSerializable(typeof(Order))] public abstract class J : System.Text.Json.Serialization.JsonSerializerContext { protected J() : base(null) { } }
        """;

    public static TheoryData<string, string> InvalidNodes => new()
    {
        { "N1 struct", "[Node] public partial struct T { public void Process(ValidBatch c) { } }" },
        { "N0 repeated on two partial declarations", "[Node] public partial class T { public void Process(ValidBatch c) { } } [Node] public partial class T { }" },
        { "N1 static", "[Node] public static partial class T { public static void Process(ValidBatch c) { } }" },
        { "N2 not partial", "[Node] public class T { public void Process(ValidBatch c) { } }" },
        { "N2 file-local", "[Node] file partial class T { public void Process(ValidBatch c) { } }" },
        { "N2 inside a file-local type", "file partial class O { [Node] public partial class T { public void Process(ValidBatch c) { } } }" },
        { "N6 unresolved context", "[Node] public partial class T { public void Process(Missing c) { } }" },
        { "N7 unresolved result", "[Node] public partial class T { public Task<Missing> ProcessAsync(ValidBatch c) => null!; }" },
        { "N3 reserved Id", "[Node] public partial class T { public string Id => \"x\"; public void Process(ValidBatch c) { } }" },
        { "N3 inherited RunAsync", "public class B { public void RunAsync() { } } [Node] public partial class T : B { public void Process(ValidBatch c) { } }" },
        { "N3 base is a node", "[Node] public partial class B { public void Process(ValidBatch c) { } } [Node] public partial class T : B { public void ProcessAsync(ValidBatch c) { } }" },
        { "N4 empty id", "[Node(Id = \"\")] public partial class T { public void Process(ValidBatch c) { } }" },
        { "N5 no process method", "[Node] public partial class T { public void Run(ValidBatch c) { } }" },
        { "N5 two process methods", "[Node] public partial class T { public void Process(ValidBatch c) { } public Task ProcessAsync(ValidBatch c) => Task.CompletedTask; }" },
        { "N5 overloads", "[Node] public partial class T { public void Process(ValidBatch c) { } public void Process(string c) { } }" },
        { "N5 static", "[Node] public partial class T { public static void Process(ValidBatch c) { } }" },
        { "N5 generic", "[Node] public partial class T { public void Process<TC>(TC c) { } }" },
        { "N6 no parameters", "[Node] public partial class T { public void Process() { } }" },
        { "N6 ref context", "[Node] public partial class T { public void Process(ref ValidBatch c) { } }" },
        { "N6 second not a token", "[Node] public partial class T { public void Process(ValidBatch c, int x) { } }" },
        { "N6 three parameters", "[Node] public partial class T { public void Process(ValidBatch c, CancellationToken t, int x) { } }" },
        { "N7 async void", "[Node] public partial class T { public async void Process(ValidBatch c) { await Task.Yield(); } }" },
        { "N7 string result", "[Node] public partial class T { public string Process(ValidBatch c) => \"\"; }" },
        { "N7 task of int", "[Node] public partial class T { public Task<int> ProcessAsync(ValidBatch c) => Task.FromResult(1); }" },
        { "N8 negative retry delay", "[Node, Retry(DelayMs = -1)] public partial class T { public void Process(ValidBatch c) { } }" },
        { "N8 retry on null", "[Node, Retry(On = new System.Type[] { null! })] public partial class T { public void Process(ValidBatch c) { } }" },
        { "N8 retry on a non-exception", "[Node, Retry(On = new[] { typeof(string) })] public partial class T { public void Process(ValidBatch c) { } }" },
        { "N8 timeout below 10 ms", "[Node, Timeout(Ms = 5)] public partial class T { public void Process(ValidBatch c) { } }" },
        { "N8 retry delay above a day", "[Node, Retry(DelayMs = 100_000_000)] public partial class T { public void Process(ValidBatch c) { } }" },
        { "N8 timeout above a day", "[Node, Timeout(Ms = 86_400_001)] public partial class T { public void Process(ValidBatch c, CancellationToken t) { } }" },
        { "N8 backoff that names no member", "[Node, Retry(Backoff = (RetryBackoff)(-1))] public partial class T { public void Process(ValidBatch c) { } }" },
        { "N8 retry on a file-local exception", "file sealed class E : System.Exception { } [Node, Retry(On = new[] { typeof(E) })] public partial class T { public void Process(ValidBatch c) { } }" },
        { "N8 concurrency limit not given", "[Node, ConcurrencyLimit] public partial class T { public void Process(ValidBatch c) { } }" },
        { "N8 negative concurrency limit", "[Node, ConcurrencyLimit(PermitLimit = -1)] public partial class T { public void Process(ValidBatch c) { } }" },
        { "N7 nullable enum", "[Node] public partial class T { public System.DayOfWeek? Process(ValidBatch c) => null; }" },
    };

    [Theory]
    [MemberData(nameof(InvalidContexts))]
    [MemberData(nameof(InvalidNodes))]
    public void InvalidTypeGetsNoCode(string rule, string declaration)
    {
        var source = $$"""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Floxide;

            {{declaration}}
            """;

        var output = GeneratorHarness.Run(("Invalid.cs", source), ("Valid.cs", Valid));

        Assert.Null(output.RunResult.Results.Single().Exception);
        // The invalid type is always named T; a valid base type (B) may legitimately get its own file.
        Assert.Contains("ValidBatch.BatchContext.g.cs", output.Files.Keys);
        Assert.Contains("ValidNode.Node.g.cs", output.Files.Keys);
        Assert.DoesNotContain(output.Files.Keys, name => name.StartsWith("T.", StringComparison.Ordinal));
        Assert.All(output.Files.Keys, name => Assert.True(name.StartsWith("Valid", StringComparison.Ordinal) || name.StartsWith("B.", StringComparison.Ordinal), name));
        Assert.True(rule.Length > 0);
    }

    [Fact]
    public void ValidSiblingsCompileCleanly() => GeneratorHarness.Run(("Valid.cs", Valid)).AssertCompilesCleanly();

    /// <summary>
    /// Deprecated readers are refused only where the generated call would warn: inside a context deprecated itself C#
    /// reports no obsolete use, and an inherited reader is named through the context, not its [Obsolete] base.
    /// </summary>
    [Fact]
    public void ADeprecatedContextsOwnDeprecatedReadersAndAnObsoleteBasesReaderCompileCleanly()
    {
        var output = GeneratorHarness.Run(("Old.cs", """
        #pragma warning disable CS0618 // the user's own use of the obsolete base
        [System.Obsolete("Use New")]
        [Floxide.BatchContext, Floxide.AdaptiveConcurrency(IsThrottled = nameof(Busy), RetryAfter = nameof(Old.Wait))]
        public partial class Old
        {
            [Floxide.BatchItems] public System.Collections.Generic.List<int> Items { get; set; } = new();
            [Floxide.BatchItem] public int Item { get; set; }
            [System.Obsolete("x")] private static bool Busy(System.Exception e) => true;
            [System.Obsolete("y")] private static System.TimeSpan? Wait(System.Exception e) => null;
        }

        [System.Obsolete("Use New")]
        public class LegacyBase
        {
            protected static bool Busy(System.Exception e) => true;
        }

        [Floxide.BatchContext, Floxide.AdaptiveConcurrency(IsThrottled = nameof(Busy))]
        public partial class Heir : LegacyBase
        {
            [Floxide.BatchItems] public System.Collections.Generic.List<int> Items { get; set; } = new();
            [Floxide.BatchItem] public int Item { get; set; }
        }
        """)).AssertCompilesCleanly();

        // Generated (a refused reader generates nothing, which would compile cleanly too), with the readers in the options.
        Assert.Contains("IsThrottled = global::Old.Busy", output.Files["Old.BatchContext.g.cs"], StringComparison.Ordinal);
        Assert.Contains("IsThrottled = global::Heir.Busy", output.Files["Heir.BatchContext.g.cs"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public abstract class B { protected B() { } }")]
    [InlineData("public class B { public B(int x = 1) { } }")]
    [InlineData("public class B { public B(int x = 1, params string[] rest) { } public B(string s) { } }")]
    public async Task R10ABaseConstructorThatTakesNoArgumentIsEnough(string baseClass)
    {
        // The generated (parent, item) constructor chains with an implicit base(): optional parameters and params arrays need no argument.
        var source = "using System.Collections.Generic; using Floxide; " + baseClass +
            " [BatchContext] public partial class T : B { [BatchItems] public List<int> Items = new(); [BatchItem] public int Item; }";

        var output = GeneratorHarness.Run(("Input.cs", source)).AssertCompilesCleanly();

        Assert.Contains("T.BatchContext.g.cs", output.Files.Keys);
        Assert.Empty(await output.Output.WithAnalyzers([new BatchContextAnalyzer()]).GetAnalyzerDiagnosticsAsync());
    }
}
