using global::Orleans.TestingHost;

namespace Floxide.Orleans.Tests;

/// <summary>One 3-silo cluster for the tests that leave every silo running.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public ClusterProbe Probe { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await TestClusters.StartAsync(Probe);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Every cluster test runs alone: clusters are heavy for the machine, and the probes are per cluster.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Orleans cluster";
}
