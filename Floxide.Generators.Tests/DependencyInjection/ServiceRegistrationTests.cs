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

    private static CSharpCompilation WithDependencyInjection(CSharpCompilation compilation) =>
        compilation.AddReferences(
            MetadataReference.CreateFromFile(typeof(IServiceCollection).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(ILogger<>).Assembly.Location));
}
