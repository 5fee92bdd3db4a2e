using global::Orleans.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Floxide.Orleans.Tests;

/// <summary>
/// A silo whose registrations are wrong refuses to start, naming what is wrong; one that registered nothing starts (it
/// may be a coordinator only) and fails the items it is sent, outside their steps, naming itself and the fix.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloRegistrationTests
{
    [Fact]
    public async Task A_silo_registering_a_reply_type_Orleans_cannot_serialize_refuses_to_start_naming_the_type()
    {
        var error = await StartFailureAsync(silo => silo.AddFloxideWorkflow(
            "unserializable", new ClusterBatchTests.UnserializableMapping(), _ => new SquareNode("silo", new ClusterProbe()), _ => new SquareBatch()));

        Assert.Contains($"'{typeof(ClusterBatchTests.Unserializable)}', the reply of Floxide workflow 'unserializable'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_registering_a_name_twice_refuses_to_start_naming_it()
    {
        var error = await StartFailureAsync(silo => silo
            .AddFloxideWorkflow("twice", new SquareMapping(), _ => new SquareNode("silo", new ClusterProbe()), _ => new SquareBatch())
            .AddFloxideWorkflow("twice", new SquareMapping(), _ => new SquareNode("silo", new ClusterProbe()), _ => new SquareBatch()));

        Assert.Contains("Two Floxide workflows are registered as 'twice'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_whose_workflow_factory_cannot_resolve_its_node_refuses_to_start_naming_the_workflow_and_the_node()
    {
        // A missing AddFloxideNodes: the scoped node's type is not registered, which CreateScopedNode finds at once.
        var error = await StartFailureAsync(silo => silo.AddFloxideWorkflow(
            "unresolved", new SquareMapping(), services => services.CreateScopedNode<SquareNode, SquareBatch>(), _ => new SquareBatch()));

        Assert.Contains("Floxide workflow 'unresolved' could not be built on silo ", error, StringComparison.Ordinal);
        Assert.Contains($"{typeof(SquareNode).FullName} is not registered in the container", error, StringComparison.Ordinal);
        Assert.Contains("services.AddFloxideNodes()", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_whose_workflow_factory_scopes_a_singleton_node_refuses_to_start_saying_so()
    {
        var error = await StartFailureAsync(silo => silo
            .AddFloxideWorkflow("singleton", new SquareMapping(), services => services.CreateScopedNode<SquareNode, SquareBatch>(), _ => new SquareBatch())
            .Services.AddSingleton(new SquareNode("silo", new ClusterProbe())));

        Assert.Contains("Floxide workflow 'singleton' could not be built on silo ", error, StringComparison.Ordinal);
        Assert.Contains($"{typeof(SquareNode).FullName} is registered as a singleton", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silos_batch_context_is_not_built_as_it_starts_but_on_its_first_item()
    {
        // Its factory may reach outside services (a secret store): a passing failure fails an item, not the silo's start.
        var error = await StartFailureAsync(silo => silo
            .AddFloxideWorkflow("late-context", new SquareMapping(), _ => new SquareNode("silo", new ClusterProbe()), _ => throw new HttpRequestException("secret store down"))
            .AddFloxideWorkflow("unbuildable", new SquareMapping(), _ => throw new InvalidOperationException("the workflow factory broke"), _ => new SquareBatch()));

        // Workflows are built in name order: "unbuildable" comes after "late-context", so a silo that built the context
        // as it starts would have failed on "secret store down" first.
        Assert.Contains("Floxide workflow 'unbuildable' could not be built", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret store down", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the streamed call
    public async Task A_silo_that_registered_no_workflow_fails_its_items_outside_their_steps_naming_itself_and_the_fix(bool adaptive)
    {
        // Every silo that references Floxide.Orleans hosts its item grain, so this one gets items though it never called
        // AddFloxideWorkflow: each must fail as a failure outside the steps (not the coordinator's node), saying why.
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureClient(client => client.Configure<global::Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TestClusters.ResponseTimeout));
        await using var cluster = builder.Build();
        await cluster.DeployAsync().WaitAsync(TestClusters.Patience);
        var silo = cluster.Silos[0].Name;
        var executor = cluster.Client.CreateFloxideExecutor(TestClusters.Workflow, new SquareMapping());
        var options = new BatchOptions { AdaptiveConcurrency = adaptive ? new AdaptiveConcurrency() : null };

        var report = await TestClusters.Coordinator(executor, options)
            .RunBatchAsync(TestClusters.Numbers(3)).WaitAsync(TestClusters.Patience);

        Assert.Equal(3, report.Failed);
        Assert.All(report.Failures, failure =>
        {
            Assert.Null(failure.FailedStepId); // not the coordinator's node: no step ran
            var error = Assert.IsType<RemoteItemException>(failure.Exception);
            Assert.Equal((typeof(InvalidOperationException).FullName, silo), (error.RemoteType, error.Silo));
            Assert.StartsWith($"Silo {silo} has no Floxide workflow registered", error.Message, StringComparison.Ordinal);
            Assert.Contains("call AddFloxideWorkflow on every silo that references Floxide.Orleans", error.Message, StringComparison.Ordinal);
        });
    }

    /// <summary>Starts a one-silo cluster configured by <paramref name="configure"/>; returns the text of the failure.</summary>
    private static async Task<string> StartFailureAsync(Action<global::Orleans.Hosting.ISiloBuilder> configure)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => configure(silo));
        await using var cluster = builder.Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.DeployAsync().WaitAsync(TestClusters.Patience));
        Assert.IsNotType<TimeoutException>(error);
        return error.ToString();
    }
}
