using Floxide.Generators.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Floxide.Generators.Tests.DependencyInjection;

/// <summary>This assembly's own generated <c>AddFloxideNodes()</c>, in a real container.</summary>
public sealed class GeneratedRegistrationTests
{
    [Fact]
    public async Task A_workflow_resolved_from_the_container_gets_its_steps_and_their_dependencies()
    {
        using var provider = Services().BuildServiceProvider();

        var flow = provider.GetRequiredService<GreetingFlow>();
        var greeting = new Greeting();
        await flow.RunAsync(greeting, CancellationToken.None);

        Assert.Equal(["hello", "signed"], greeting.Lines);
    }

    [Fact]
    public void Nodes_and_workflows_are_transient()
    {
        using var provider = Services().BuildServiceProvider();

        Assert.NotSame(provider.GetRequiredService<GreetNode>(), provider.GetRequiredService<GreetNode>());
        Assert.NotSame(provider.GetRequiredService<GreetingFlow>(), provider.GetRequiredService<GreetingFlow>());
    }

    [Fact]
    public async Task A_registration_made_before_AddFloxideNodes_wins()
    {
        var services = new ServiceCollection()
            .AddSingleton(new GreetNode(new GreetingSettings("mine")))
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddFloxideNodes();
        using var provider = services.BuildServiceProvider();

        var greeting = new Greeting();
        await provider.GetRequiredService<GreetingFlow>().RunAsync(greeting, CancellationToken.None);

        Assert.Equal(["mine", "signed"], greeting.Lines);
        Assert.Same(provider.GetRequiredService<GreetNode>(), provider.GetRequiredService<GreetNode>());
    }

    private static IServiceCollection Services() => new ServiceCollection()
        .AddSingleton(new GreetingSettings("hello"))
        .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
        .AddFloxideNodes();
}
