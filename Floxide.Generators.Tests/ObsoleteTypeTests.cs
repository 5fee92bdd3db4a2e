using Floxide.Generators.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Tests;

/// <summary>
/// A user who silences an obsolete or experimental API's diagnostic where they use it must not meet it again in the
/// generated code, which has no place for them to silence it: with warnings as errors (and always, for
/// <c>[Experimental]</c>) that would break the build. Plain <c>[Obsolete]</c> (CS0612, CS0618) and the APIs' own
/// diagnostic IDs, on types and members, reached from a batch context, a node, a workflow and the registration: a
/// <c>[PerItem]</c> member's constructor (the item context calls it), an enum service key's type (the registration
/// casts to it), a durable item's <c>[ItemKey]</c> (the codec reads it).
/// </summary>
public sealed class ObsoleteTypeTests
{
    private const string Program = """
        #pragma warning disable CS0612, CS0618, LEGACY001, LEGACY002, LEGACY003, PREVIEW001, PREVIEW002, PREVIEW003, PREVIEW004 // the user still uses their old and preview APIs, on purpose
        using System;
        using System.Collections.Generic;
        using System.Diagnostics.CodeAnalysis;
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        namespace Legacy;

        [Obsolete] public sealed class OldClock { }
        [Obsolete("Use NewRow.")] public sealed class OldRow { public int Value { get; set; } }
        [Obsolete("Use Status.")] public enum OldStatus { Open, Closed }
        [Obsolete("Use NewApi.", DiagnosticId = "LEGACY001")] public sealed class OldApi { }
        [Experimental("PREVIEW001")] public sealed class PreviewClient { }
        [Experimental("PREVIEW003")] public enum ClockKind { Wall, Monotonic }
        public sealed class Scratchpad { [Experimental("PREVIEW004")] public Scratchpad() { } }

        [BatchContext(MaxDegreeOfParallelism = 2)]
        public partial class Ledger
        {
            [BatchItems] public List<OldRow> Rows { get; set; } = new();
            [BatchItem] public OldRow Row { get; set; } = new();
            [Obsolete] [ItemOutput] public OldStatus Status { get; set; }
            [BatchOutputs] public List<OldStatus> Statuses { get; set; } = new();
            [Obsolete("Use Region.", DiagnosticId = "LEGACY002")] public string Branch { get; set; } = "";
            [PerItem] public Scratchpad Pad { get; set; } = new();

        }

        [Node]
        public partial class Open
        {
            public Open(OldClock clock, OldApi api, PreviewClient client, [Microsoft.Extensions.DependencyInjection.FromKeyedServices(ClockKind.Monotonic)] OldClock keyed) { }
            public OldStatus Process(Ledger ledger) => OldStatus.Open;
        }

        [Node] public partial class Tally<T> { [Obsolete("Use Count.", DiagnosticId = "LEGACY003")] public void Process(Ledger ledger) { } }

        [Experimental("PREVIEW002")]
        [Node] public partial class Draft { public void Process(Ledger ledger) { } }

        [Obsolete("Use Close2.")]
        [Node] public partial class Close { public Task ProcessAsync(Ledger ledger, CancellationToken token) => Task.CompletedTask; }

        [Obsolete]
        [Workflow(typeof(Ledger), Id = "inner")]
        [Start(typeof(Close))]
        public partial class InnerFlow { }

        [Workflow(typeof(Ledger), Id = "ledger")]
        [Start(typeof(Open))]
        [Route(typeof(Open), OldStatus.Open, typeof(Tally<OldRow>))]
        [EndOn(typeof(Open), OldStatus.Closed)]
        [Route(typeof(Tally<OldRow>), typeof(InnerFlow))]
        [BatchStep(typeof(Close), Id = "close-all")]
        [Route(typeof(InnerFlow), typeof(Close))]
        [Route(typeof(Close), typeof(Draft))]
        public partial class LedgerFlow { }
        """;

    [Fact]
    public async Task GeneratedCodeRepeatsNoObsoleteWarningTheUserSilenced()
    {
        var analysis = await FloxideAnalysis.RunAsync(Program, includeCompilerDiagnostics: true);
        Assert.Empty(analysis.Failures);
        var reported = analysis.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS1591").ToList();
        Assert.True(reported.Count == 0, string.Join("\n", reported));
        Assert.Equal(7, analysis.GeneratedFiles);
    }

    /// <summary>The generated codec reads the item's key: an experimental key member's ID is silenced in the context's file.</summary>
    [Fact]
    public void AnExperimentalItemKeyIsSilencedInTheCodec()
    {
        const string Source = """
            #pragma warning disable PREVIEWKEY // the user opted in to the preview key
            using System.Collections.Generic;
            using System.Diagnostics.CodeAnalysis;
            using System.Text.Json.Serialization;
            using Floxide;

            namespace Orders;

            /// <summary>An order.</summary>
            public sealed class Order
            {
                /// <summary>The order's id.</summary>
                [Experimental("PREVIEWKEY")] [ItemKey] public string Id { get; init; } = "";
            }

            /// <summary>A durable batch of orders.</summary>
            [BatchContext(DurableJson = typeof(OrderJson))]
            public partial class OrderBatch
            {
                /// <summary>The orders.</summary>
                [BatchItems] public List<Order> Items { get; set; } = new();

                /// <summary>One order.</summary>
                [BatchItem] public Order? Item { get; set; }
            }

            /// <summary>The orders' JSON.</summary>
            [JsonSerializable(typeof(Order))]
            public abstract class OrderJson : JsonSerializerContext
            {
                /// <summary>Unused.</summary>
                protected OrderJson() : base(null) { }

                /// <summary>Unused.</summary>
                public static OrderJson Default => null!;
            }
            """;

        GeneratorHarness.Run(Source).AssertCompilesCleanly();
    }

    /// <summary>
    /// An ID is any identifier a pragma can name, not only an ASCII one: the user silences <c>ÄPI001</c> with a pragma in
    /// their file, so the generated file must too (an experimental API's diagnostic is an error).
    /// </summary>
    [Fact]
    public void AnIdWithLettersBeyondAsciiIsSilencedToo()
    {
        const string Source = """
            #pragma warning disable ÄPI001 // the user opted in
            using System.Diagnostics.CodeAnalysis;
            using Floxide;

            namespace Preview;

            /// <summary>A reply.</summary>
            public sealed class Reply { }

            /// <summary>A preview client.</summary>
            [Experimental("ÄPI001")]
            public sealed class Client { }

            /// <summary>Asks.</summary>
            [Node]
            public partial class Ask
            {
                /// <summary>Takes the client.</summary>
                public Ask(Client client) { }

                /// <summary>Asks.</summary>
                public void Process(Reply reply) { }
            }
            """;
        var compilation = GeneratorHarness.Compile(("Preview.cs", Source)).AddReferences(
            MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location));

        GeneratorHarness.Run(compilation).AssertCompilesCleanly();
    }

    /// <summary>
    /// An ID no pragma can name (<c>[Obsolete(DiagnosticId = "PRE-1")]</c>; <c>[Experimental]</c> takes identifiers only) is one the user silenced project-wide too; the generated pragma leaves it out,
    /// where naming it would break the line (CS1696 and the rest of the line unread).
    /// </summary>
    [Fact]
    public void AnIdNoPragmaCanNameIsLeftOut()
    {
        const string Source = """
            using System.Diagnostics.CodeAnalysis;
            using Floxide;

            namespace Preview;

            /// <summary>A reply.</summary>
            public sealed class Reply { }

            /// <summary>An old client.</summary>
            [System.Obsolete("Use another.", DiagnosticId = "PRE-1")]
            public sealed class Client { }

            /// <summary>Asks.</summary>
            [Node]
            public partial class Ask
            {
                /// <summary>Takes the client.</summary>
                public Ask(Client client) { }

                /// <summary>Asks.</summary>
                public void Process(Reply reply) { }
            }
            """;
        var compilation = GeneratorHarness.Compile(("Preview.cs", Source));
        compilation = compilation
            .WithOptions(compilation.Options.WithSpecificDiagnosticOptions(compilation.Options.SpecificDiagnosticOptions.SetItem("PRE-1", ReportDiagnostic.Suppress)))
            .AddReferences(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location));

        var output = GeneratorHarness.Run(compilation).AssertCompilesCleanly();

        Assert.DoesNotContain("PRE-1", output.Files[Floxide.Generators.DependencyInjection.ServiceRegistrationEmitter.HintName], StringComparison.Ordinal);
    }

    /// <summary>An <c>[Experimental]</c> assembly covers every type in it: a node that takes one of its types reaches its ID.</summary>
    [Fact]
    public void AnExperimentalAssemblysIdIsSilencedToo()
    {
        var library = CSharpCompilation.Create(
            "Preview",
            [CSharpSyntaxTree.ParseText("""
                [assembly: System.Diagnostics.CodeAnalysis.Experimental("PREVIEWLIB")]
                namespace Preview { public sealed class ChatClient { } }
                """)],
            Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        Assert.True(library.Emit(image).Success);

        const string Source = """
            #pragma warning disable PREVIEWLIB // the user opted in to the preview library
            using Floxide;
            using Preview;

            namespace Chat;

            /// <summary>A reply.</summary>
            public sealed class Reply { }

            /// <summary>Asks.</summary>
            [Node]
            public partial class Ask
            {
                /// <summary>Takes the preview client.</summary>
                public Ask(ChatClient client) { }

                /// <summary>Asks.</summary>
                public void Process(Reply reply) { }
            }
            """;
        var compilation = GeneratorHarness.Compile(("Chat.cs", Source)).AddReferences(
            MetadataReference.CreateFromImage(image.ToArray()),
            MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location));

        var output = GeneratorHarness.Run(compilation).AssertCompilesCleanly();

        Assert.Contains("#pragma warning disable PREVIEWLIB", output.Files[Floxide.Generators.DependencyInjection.ServiceRegistrationEmitter.HintName], StringComparison.Ordinal);
    }

    /// <summary>
    /// An <c>[AdaptiveConcurrency]</c> reader may be deprecated in any way but an obsolete error: the generated options
    /// call it (by a bare name through the context, by <c>nameof(Type.M)</c> through its type), and the file silences
    /// what the user silenced where they named it. An obsolete context calls even an obsolete-error one.
    /// </summary>
    [Fact]
    public void DeprecatedAdaptiveReadersAreSilencedWhereTheGeneratedOptionsCallThem()
    {
        const string Source = """
            #pragma warning disable CS0612, CS0618, OLDSIGNAL, TRIALSIGNAL, TRIALTYPE // the user still uses their old and preview readers
            using System;
            using System.Collections.Generic;
            using System.Diagnostics.CodeAnalysis;
            using Floxide;

            namespace Signals;

            /// <summary>Readers of another type.</summary>
            public static class Old
            {
                /// <summary>Old.</summary>
                [Obsolete("Use New.", DiagnosticId = "OLDSIGNAL")] public static bool IsBusy(Exception error) => true;

                /// <summary>Preview.</summary>
                [Experimental("TRIALSIGNAL")] public static TimeSpan? Wait(Exception error) => null;
            }

            /// <summary>A preview type of readers.</summary>
            [Experimental("TRIALTYPE")]
            public static class Preview
            {
                /// <summary>Preview.</summary>
                public static bool IsBusy(Exception error) => true;
            }

            /// <summary>Readers named through their type.</summary>
            [BatchContext]
            [AdaptiveConcurrency(IsThrottled = nameof(Old.IsBusy), RetryAfter = nameof(Old.Wait))]
            public partial class Calls
            {
                /// <summary>The urls.</summary>
                [BatchItems] public List<string> Urls { get; set; } = new();

                /// <summary>One url.</summary>
                [BatchItem] public string Url { get; set; } = "";
            }

            /// <summary>A reader of an experimental type.</summary>
            [BatchContext]
            [AdaptiveConcurrency(IsThrottled = nameof(Preview.IsBusy))]
            public partial class Trials
            {
                /// <summary>The urls.</summary>
                [BatchItems] public List<string> Urls { get; set; } = new();

                /// <summary>One url.</summary>
                [BatchItem] public string Url { get; set; } = "";
            }

            /// <summary>The context's own readers.</summary>
            [BatchContext]
            [AdaptiveConcurrency(IsThrottled = nameof(Busy), RetryAfter = nameof(Wait))]
            public partial class Own
            {
                /// <summary>The urls.</summary>
                [BatchItems] public List<string> Urls { get; set; } = new();

                /// <summary>One url.</summary>
                [BatchItem] public string Url { get; set; } = "";

                [Obsolete("Use Throttled.")] private static bool Busy(Exception error) => true;

                [Experimental("TRIALSIGNAL")] private static TimeSpan? Wait(Exception error) => null;
            }

            /// <summary>An obsolete context: C# reports no obsolete use inside it, not even an error.</summary>
            [Obsolete("Use Own.")]
            [BatchContext]
            [AdaptiveConcurrency(IsThrottled = nameof(Busy))]
            public partial class Retired
            {
                /// <summary>The urls.</summary>
                [BatchItems] public List<string> Urls { get; set; } = new();

                /// <summary>One url.</summary>
                [BatchItem] public string Url { get; set; } = "";

                [Obsolete("Gone.", error: true)] private static bool Busy(Exception error) => true;
            }
            """;

        var output = GeneratorHarness.Run(Source).AssertCompilesCleanly();

        var calls = output.Files.Single(f => f.Key.Contains("Calls", StringComparison.Ordinal)).Value;
        Assert.Contains("#pragma warning disable OLDSIGNAL, TRIALSIGNAL ", calls, StringComparison.Ordinal);
        Assert.Contains("global::Signals.Old.IsBusy", calls, StringComparison.Ordinal);
        Assert.Contains("#pragma warning disable TRIALTYPE ", output.Files.Single(f => f.Key.Contains("Trials", StringComparison.Ordinal)).Value, StringComparison.Ordinal);
    }
}
