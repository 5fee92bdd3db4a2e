using global::Orleans.TestingHost;

namespace Floxide.Orleans.Tests;

/// <summary>A silo whose registrations are wrong refuses to start, naming what is wrong.</summary>
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
