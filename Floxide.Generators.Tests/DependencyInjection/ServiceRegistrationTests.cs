using Floxide.Generators.DependencyInjection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Floxide.Generators.Tests.DependencyInjection;

/// <summary>
/// The generated <c>AddFloxideNodes()</c>: its text (baseline <c>Baselines/ServiceRegistration/</c>), that it is emitted
/// only where dependency injection is referenced, and how HttpClient parameters are resolved without a factory.
/// </summary>
public sealed class ServiceRegistrationTests
{
    [Fact]
    public void ServiceRegistration()
    {
        var output = GeneratorHarness.Run(WithDependencyInjection(GeneratorHarness.Compile(("Services.cs", ServiceScenarios.Services)))).AssertCompilesCleanly();

        Baseline.AssertMatches(nameof(ServiceRegistration), output.Files.Where(f => f.Key == ServiceRegistrationEmitter.HintName).ToDictionary());
    }

    [Fact]
    public void Nothing_is_registered_when_the_compilation_does_not_reference_dependency_injection()
    {
        var output = GeneratorHarness.Run(("Linear.cs", Workflows.WorkflowScenarios.Linear)).AssertCompilesCleanly();

        Assert.Contains(output.Files.Keys, name => name.EndsWith(".Workflow.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(ServiceRegistrationEmitter.HintName, output.Files.Keys);
    }

    [Fact]
    public void Without_an_HttpClient_factory_an_HttpClient_parameter_is_resolved_from_the_container()
    {
        var source = ServiceScenarios.Services.Replace(
            "public interface IHttpClientFactory { HttpClient CreateClient(string name); }", "public interface INotTheFactory { }", StringComparison.Ordinal);

        var output = GeneratorHarness.Run(WithDependencyInjection(GeneratorHarness.Compile(("Services.cs", source)))).AssertCompilesCleanly();

        var text = output.Files[ServiceRegistrationEmitter.HintName];
        Assert.Contains("client: global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<global::System.Net.Http.HttpClient>(provider)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("IHttpClientFactory", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nullable_value_type_parameter_without_a_default_is_required_without_a_constraint_warning()
    {
        const string Source = """
            using System;
            using Floxide;

            namespace Shop.Services
            {
                public sealed class Order { }

                [Node]
                public partial class WaitNode
                {
                    public WaitNode(TimeSpan? timeout, int? retries = null) => Timeout = timeout;

                    public TimeSpan? Timeout { get; }

                    public void Process(Order order) { }
                }
            }
            """;

        var output = GeneratorHarness.Run(WithDependencyInjection(GeneratorHarness.Compile(("Wait.cs", Source)))).AssertCompilesCleanly();

        // Required, as the container's own activation would have it, through the overload without GetRequiredService<T>'s notnull constraint.
        var text = output.Files[ServiceRegistrationEmitter.HintName];
        Assert.Contains("timeout: (global::System.TimeSpan?)global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService(provider, typeof(global::System.TimeSpan?)),", text, StringComparison.Ordinal);
        Assert.Contains("retries: global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetService<int?>(provider)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_no_one_constructor_call_creates_is_left_for_the_user_to_register()
    {
        // The README: the factory calls the accessible constructor with the most parameters; with two of them, which one the
        // container's activation would take depends on what it has at run time, so the node is the user's to register, as
        // are an abstract node and one not visible in its whole assembly (required members and an obsolete constructor:
        // the ServiceRegistration baseline).
        const string Source = """
            using Floxide;

            namespace Shop.Services
            {
                public sealed class Order { }
                public sealed class Clock { }
                public sealed class Ledger { }

                [Node]
                public partial class EitherNode
                {
                    public EitherNode(Clock clock) { }
                    public EitherNode(Ledger ledger) { }
                    public void Process(Order order) { }
                }

                [Node]
                public abstract partial class BaseNode { public void Process(Order order) { } }

                public partial class Holder { [Node] private partial class HiddenNode { public void Process(Order order) { } } }

                [Node]
                public partial class WidestNode
                {
                    public WidestNode() { }
                    public WidestNode(Clock clock, Ledger ledger) { }
                    public void Process(Order order) { }
                }
            }
            """;

        var output = GeneratorHarness.Run(WithDependencyInjection(GeneratorHarness.Compile(("Either.cs", Source)))).AssertCompilesCleanly();

        var text = output.Files[ServiceRegistrationEmitter.HintName];
        Assert.DoesNotContain("EitherNode", text, StringComparison.Ordinal);
        Assert.DoesNotContain("BaseNode", text, StringComparison.Ordinal);
        Assert.DoesNotContain("HiddenNode", text, StringComparison.Ordinal);
        Assert.Contains("new global::Shop.Services.WidestNode(", text, StringComparison.Ordinal);
        Assert.Contains("ledger: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workflows_closed_generic_node_step_is_registered_so_the_workflow_resolves()
    {
        // The workflow's registration resolves each step from the container; a generic [Node] has no registration of its
        // own, so a workflow with a Step<int> step was registered but failed when resolved ("No service for type
        // 'Step`1[System.Int32]' has been registered"). The closed step is registered as the workflow names it.
        const string Source = """
            using Floxide;

            namespace Shop.Services
            {
                public sealed class Order { }
                public sealed class Clock { }

                [Node] public partial class Step<T> { public Step(Clock clock) { } public void Process(Order order) { } }
                public partial class Outer<T> { [Node] public partial class Inner { public void Process(Order order) { } } }

                [Workflow(typeof(Order))] [Start(typeof(Step<int>))] [Route(typeof(Step<int>), typeof(Outer<string>.Inner))]
                public partial class First { }

                [Workflow(typeof(Order))] [Start(typeof(Step<int>))]
                public partial class Second { }
            }
            """;

        var output = GeneratorHarness.Run(WithDependencyInjection(GeneratorHarness.Compile(("Generic.cs", Source)))).AssertCompilesCleanly();

        var text = output.Files[ServiceRegistrationEmitter.HintName];
        const string StepRegistration = "ServiceDescriptor.Transient<global::Shop.Services.Step<int>>(static provider => new global::Shop.Services.Step<int>(";
        Assert.Contains(StepRegistration, text, StringComparison.Ordinal);
        Assert.Equal(text.IndexOf(StepRegistration, StringComparison.Ordinal), text.LastIndexOf(StepRegistration, StringComparison.Ordinal));
        Assert.Contains("clock: global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<global::Shop.Services.Clock>(provider)", text, StringComparison.Ordinal);
        Assert.Contains("ServiceDescriptor.Transient<global::Shop.Services.Outer<string>.Inner>(static provider => new global::Shop.Services.Outer<string>.Inner())", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Step<T>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_FromKeyedServices_parameter_is_resolved_by_its_key()
    {
        // The container's own activation honours [FromKeyedServices(key)]; the generated factory resolved the unkeyed
        // service of the parameter's type instead: a different instance, silently (or a failure when only keyed ones exist).
        const string Source = """
            #pragma warning disable CS1591
            using System;
            using Floxide;
            using Microsoft.Extensions.DependencyInjection;

            namespace Shop.Services
            {
                public sealed class Order { }
                public interface IClock { string Name { get; } }
                public sealed record Clock(string Name) : IClock;
                public enum Tier { Fast = 1, Slow = -2 }

                [Node]
                public partial class KeyedNode
                {
                    public KeyedNode(
                        [FromKeyedServices("fast \"one\"")] IClock byName,
                        [FromKeyedServices(7)] IClock byNumber,
                        [FromKeyedServices(Tier.Slow)] IClock byEnum,
                        [FromKeyedServices("wait")] TimeSpan? wait,
                        [FromKeyedServices("maybe")] IClock? maybe = null,
                        [FromKeyedServices("span")] TimeSpan? span = null)
                    {
                        Text = $"{byName.Name} {byNumber.Name} {byEnum.Name} {wait?.TotalSeconds} {maybe?.Name ?? "none"} {span?.TotalSeconds.ToString() ?? "none"}";
                    }

                    public string Text { get; }

                    public void Process(Order order) { }
                }

                [Node]
                public partial class TypeKeyed
                {
                    public TypeKeyed([FromKeyedServices(typeof(Order))] IClock clock) { }

                    public void Process(Order order) { }
                }
            }

            public static class Runner
            {
                public static string Run()
                {
                    // The unkeyed clock is what the factory resolved before: a keyed parameter must never get it.
                    var services = new ServiceCollection()
                        .AddSingleton<Shop.Services.IClock>(new Shop.Services.Clock("unkeyed"))
                        .AddKeyedSingleton<Shop.Services.IClock>("fast \"one\"", new Shop.Services.Clock("by-name"))
                        .AddKeyedSingleton<Shop.Services.IClock>(7, new Shop.Services.Clock("by-number"))
                        .AddKeyedSingleton<Shop.Services.IClock>(Shop.Services.Tier.Slow, new Shop.Services.Clock("by-enum"))
                        .AddKeyedSingleton(typeof(TimeSpan?), "wait", TimeSpan.FromSeconds(2));
                    using var provider = services.AddFloxideNodes().BuildServiceProvider();
                    return provider.GetRequiredService<Shop.Services.KeyedNode>().Text;
                }
            }
            """;

        var (output, ran) = CompileAndRun(("Keyed.cs", Source), nameof(A_FromKeyedServices_parameter_is_resolved_by_its_key));

        Assert.Equal("by-name by-number by-enum 2 none none", ran);
        var text = output.Files[ServiceRegistrationEmitter.HintName];
        const string Keyed = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions.";
        Assert.Contains($"byName: {Keyed}GetRequiredKeyedService<global::Shop.Services.IClock>(provider, \"fast \\\"one\\\"\")", text, StringComparison.Ordinal);
        Assert.Contains($"byNumber: {Keyed}GetRequiredKeyedService<global::Shop.Services.IClock>(provider, 7)", text, StringComparison.Ordinal);
        Assert.Contains($"byEnum: {Keyed}GetRequiredKeyedService<global::Shop.Services.IClock>(provider, (global::Shop.Services.Tier)(-2))", text, StringComparison.Ordinal);
        Assert.Contains($"maybe: {Keyed}GetKeyedService<global::Shop.Services.IClock>(provider, \"maybe\")", text, StringComparison.Ordinal);
        Assert.Contains($"span: {Keyed}GetKeyedService<global::System.TimeSpan?>(provider, \"span\")", text, StringComparison.Ordinal);
        Assert.Contains($"wait: (global::System.TimeSpan?){Keyed}GetRequiredKeyedService(provider, typeof(global::System.TimeSpan?), \"wait\")", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ServiceProviderServiceExtensions.GetRequiredService<global::Shop.Services.IClock>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TypeKeyed", text, StringComparison.Ordinal); // a key no literal gives: left for the user to register
    }

    [Fact]
    public void An_optional_parameter_keeps_its_default_when_the_container_has_no_such_service()
    {
        // The container's own activation passes a parameter's default value when it has no service for it; the generated
        // factory passed GetService's null instead, so int? retries = 3 and string? label = "x" came in as null.
        const string Source = """
            #pragma warning disable CS1591
            using System;
            using System.Globalization;
            using System.Linq;
            using Floxide;
            using Microsoft.Extensions.DependencyInjection;

            namespace Shop.Services
            {
                public sealed class Order { }

                [Node]
                public partial class Defaults
                {
                    public Defaults(
                        int? retries = 3,
                        string? label = "fall \"back\"",
                        DayOfWeek? day = DayOfWeek.Friday,
                        double? ratio = 0.25,
                        float? scale = 1.5f,
                        decimal? price = 9.99m,
                        long? big = -5_000_000_000,
                        bool? flag = true,
                        char? mark = '\'',
                        [FromKeyedServices("k")] string? keyed = "k-default",
                        string? none = null)
                    {
                        Text = string.Join("|", new object?[] { retries, label, day, ratio, scale, price, big, flag, mark, keyed, none }
                            .Select(value => value is null ? "null" : Convert.ToString(value, CultureInfo.InvariantCulture)));
                    }

                    public string Text { get; }

                    public void Process(Order order) { }
                }
            }

            public static class Runner
            {
                public static string Run()
                {
                    using var provider = new ServiceCollection().AddFloxideNodes().BuildServiceProvider();
                    return provider.GetRequiredService<Shop.Services.Defaults>().Text;
                }
            }
            """;

        var (output, ran) = CompileAndRun(("Defaults.cs", Source), nameof(An_optional_parameter_keeps_its_default_when_the_container_has_no_such_service));

        Assert.Equal("3|fall \"back\"|Friday|0.25|1.5|9.99|-5000000000|True|'|k-default|null", ran);
        var text = output.Files[ServiceRegistrationEmitter.HintName];
        const string Get = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetService";
        Assert.Contains($"retries: {Get}<int?>(provider) ?? (int)(3),", text, StringComparison.Ordinal);
        Assert.Contains($"label: {Get}<string>(provider) ?? \"fall \\\"back\\\"\",", text, StringComparison.Ordinal);
        Assert.Contains($"day: {Get}<global::System.DayOfWeek?>(provider) ?? (global::System.DayOfWeek)(5),", text, StringComparison.Ordinal);
        Assert.Contains($"ratio: {Get}<double?>(provider) ?? (double)(0.25),", text, StringComparison.Ordinal);
        Assert.Contains($"scale: {Get}<float?>(provider) ?? (float)(1.5F),", text, StringComparison.Ordinal);
        Assert.Contains($"price: {Get}<decimal?>(provider) ?? 9.99m,", text, StringComparison.Ordinal);
        Assert.Contains($"big: {Get}<long?>(provider) ?? (long)(-5000000000),", text, StringComparison.Ordinal);
        Assert.Contains($"flag: {Get}<bool?>(provider) ?? true,", text, StringComparison.Ordinal);
        Assert.Contains($"mark: {Get}<char?>(provider) ?? '\\'',", text, StringComparison.Ordinal);
        Assert.Contains("keyed: global::Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions.GetKeyedService<string>(provider, \"k\") ?? \"k-default\",", text, StringComparison.Ordinal);
        Assert.Contains($"none: {Get}<string>(provider))));", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_zero_default_keeps_its_sign()
    {
        // double? d = -0.0 was written (double)(-0), the int 0 made a double: +0.0; decimal's text drops the sign of -0.0m.
        const string Source = """
            #pragma warning disable CS1591
            using Floxide;
            using Microsoft.Extensions.DependencyInjection;

            public sealed class Order { }

            [Node]
            public partial class Zeros
            {
                public Zeros(double? d = -0.0, decimal? m = -0.0m) => Signs = $"{System.BitConverter.DoubleToInt64Bits(d!.Value) < 0} {decimal.IsNegative(m!.Value)}";

                public string Signs { get; }

                public void Process(Order order) { }
            }

            public static class Runner
            {
                public static string Run()
                {
                    using var provider = new ServiceCollection().AddFloxideNodes().BuildServiceProvider();
                    return provider.GetRequiredService<Zeros>().Signs;
                }
            }
            """;

        var (_, ran) = CompileAndRun(("Zeros.cs", Source), nameof(A_negative_zero_default_keeps_its_sign));

        Assert.Equal("True True", ran);
    }

    [Fact]
    public void A_closed_generic_nested_workflow_step_is_registered()
    {
        // The workflow was registered resolving Generic<int> from the container, which had no registration for it: resolving
        // OrderFlow failed with 'No service for type Generic`1[System.Int32]', as for a closed generic node step before.
        const string Source = """
            #pragma warning disable CS1591
            using Floxide;
            using Microsoft.Extensions.DependencyInjection;

            public sealed class Order { }

            [Node] public partial class Last { public void Process(Order order) { } }

            [Workflow(typeof(Order))]
            [Start(typeof(Last))]
            public partial class Generic<T> { }

            [Workflow(typeof(Order))]
            [Start(typeof(Generic<int>))]
            [Route(typeof(Generic<int>), typeof(Last))]
            public partial class OrderFlow { }

            [Workflow(typeof(Order))]
            [Start(typeof(Generic<int>))]
            public partial class OtherFlow { }

            public static class Runner
            {
                public static string Run()
                {
                    using var provider = new ServiceCollection().AddFloxideNodes().BuildServiceProvider();
                    return provider.GetRequiredService<OrderFlow>().RunAsync(new Order(), default).AsTask().GetAwaiter().GetResult().Name;
                }
            }
            """;

        var (output, ran) = CompileAndRun(("Nested.cs", Source), nameof(A_closed_generic_nested_workflow_step_is_registered));
        var text = output.Files[ServiceRegistrationEmitter.HintName];
        Assert.Equal(2, text.Split("Transient<global::Generic<int>>").Length); // once, however many workflows use it

        Assert.Equal("default", ran);
    }

    [Fact]
    public void A_long_bool_or_char_key_is_resolved_by_its_key_of_its_own_type()
    {
        // Such a node was left unregistered: a workflow using it failed to resolve ('No service for type Keys'). The key keeps
        // its type: the container compares keys with Equals, and 3L is not the int 3.
        const string Source = """
            #pragma warning disable CS1591
            using Floxide;
            using Microsoft.Extensions.DependencyInjection;

            public sealed class Order { }

            [Node]
            public partial class Keys
            {
                public Keys([FromKeyedServices(3L)] string big, [FromKeyedServices(true)] string flag, [FromKeyedServices('\'')] string mark, [FromKeyedServices((byte)3)] string? small = null)
                    => Text = $"{big} {flag} {mark} {small ?? "none"}";

                public string Text { get; }

                public void Process(Order order) { }
            }

            public static class Runner
            {
                public static string Run()
                {
                    var services = new ServiceCollection()
                        .AddKeyedSingleton<string>(3, "int").AddKeyedSingleton<string>(3L, "long")
                        .AddKeyedSingleton<string>(true, "bool").AddKeyedSingleton<string>('\'', "char");
                    using var provider = services.AddFloxideNodes().BuildServiceProvider();
                    return provider.GetRequiredService<Keys>().Text;
                }
            }
            """;

        var (_, ran) = CompileAndRun(("Keys.cs", Source), nameof(A_long_bool_or_char_key_is_resolved_by_its_key_of_its_own_type));

        Assert.Equal("long bool char none", ran);
    }

    /// <summary>
    /// Generates, compiles and loads <paramref name="source"/> with a real container referenced, then returns what its
    /// <c>Runner.Run()</c> returns: the generated registration run for real, not only read.
    /// </summary>
    private static (GeneratorOutput Output, object? Result) CompileAndRun((string Path, string Text) source, string name)
    {
        var output = GeneratorHarness.Run(WithDependencyInjection(GeneratorHarness.Compile(source))
            .AddReferences(MetadataReference.CreateFromFile(typeof(ServiceProvider).Assembly.Location))).AssertCompilesCleanly();
        using var image = new MemoryStream();
        var emitted = output.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var runner = new System.Runtime.Loader.AssemblyLoadContext(name, isCollectible: true).LoadFromStream(image).GetType("Runner")!;
        return (output, runner.GetMethod("Run")!.Invoke(null, null));
    }

    private static CSharpCompilation WithDependencyInjection(CSharpCompilation compilation) =>
        compilation.AddReferences(
            MetadataReference.CreateFromFile(typeof(IServiceCollection).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(ILogger<>).Assembly.Location));
}
