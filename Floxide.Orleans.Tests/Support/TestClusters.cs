using global::Orleans.Configuration;
using global::Orleans.Hosting;
using global::Orleans.Runtime;
using global::Orleans.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Floxide.Orleans.Tests;

/// <summary>
/// Starts in-process clusters (3 silos unless told) with the square workflow registered on every silo (also as <see cref="FaultyMapping.Workflow"/>,
/// with its failing mapping, and as <see cref="NoBatchContext"/>).
/// </summary>
public static class TestClusters
{
    public const string Workflow = "square";

    /// <summary>The square workflow under a name whose batch context factory throws.</summary>
    public const string NoBatchContext = "no-batch-context";

    /// <summary>
    /// How long a call may go unanswered: a call to a killed silo waits this long at most before it is
    /// retried (Orleans' default is 30 s). The items themselves take microseconds.
    /// </summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Bounds every wait of a test: reaching it fails the test.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts a cluster of <paramref name="silos"/> silos. With <paramref name="grainTime"/>, the silos' grain timers run on
    /// that clock: it is Orleans' <see cref="TimeProviderNames.Grains"/> area only (grain timers and the grains' own
    /// clock, IGrainRuntime.TimeProvider), while membership, messaging, activation collection and the other background
    /// loops keep real time, so advancing a fake clock fires due grain timers and leaves the cluster itself alone.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(ClusterProbe probe, short silos = 3, TimeProvider? grainTime = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((options, silo) =>
        {
            silo.Services.AddSingleton(probe);
            if (grainTime is not null)
            {
                silo.Services.AddKeyedSingleton(TimeProviderNames.Grains, grainTime);
            }

            silo.AddIncomingGrainCallFilter(probe.GrainCalls);
            silo.AddActivityPropagation(); // as the README says, for one trace across the cluster (costs nothing unsampled)
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
            silo.AddFloxideWorkflow(
                Workflow,
                new SquareMapping(),
                services => new SquareNode(options.SiloName, services.GetRequiredService<ClusterProbe>()),
                _ => new SquareBatch());

            // The same workflow with a mapping that fails, and with a batch context that cannot be built.
            silo.AddFloxideWorkflow(
                FaultyMapping.Workflow,
                new FaultyMapping(),
                services => new SquareNode(options.SiloName, services.GetRequiredService<ClusterProbe>()),
                _ => new SquareBatch());
            silo.AddFloxideWorkflow(
                NoBatchContext,
                new SquareMapping(),
                services => new SquareNode(options.SiloName, services.GetRequiredService<ClusterProbe>()),
                _ => throw new InvalidOperationException("no batch context on this silo"));
        });
        builder.ConfigureClient(client =>
        {
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
            client.AddActivityPropagation();

            // The coordinator's Floxide events (the executor logs through the client's ILoggerFactory), not Orleans' own.
            client.Services.AddLogging(logging => logging
                .AddProvider(new FakeLoggerProvider(probe.CoordinatorLogs))
                .AddFilter<FakeLoggerProvider>((category, _) => category?.StartsWith("Floxide", StringComparison.Ordinal) == true));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>An executor for the square workflow that counts the calls the coordinator has in flight.</summary>
    public static CountingExecutor<SquareBatch> Executor(InProcessTestCluster cluster) =>
        new(cluster.Client.CreateFloxideExecutor(Workflow, new SquareMapping(), new OrleansExecutorOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(50) }));

    /// <summary>The squares batch node of a coordinator that runs its items on <paramref name="cluster"/>.</summary>
    public static BatchNode<SquareBatch, int> ClusterNode(InProcessTestCluster cluster, BatchOptions? options = null) => Coordinator(Executor(cluster), options);

    /// <summary>The squares batch node of a coordinator that runs its items through <paramref name="executor"/>.</summary>
    public static BatchNode<SquareBatch, int> Coordinator(IItemExecutor<SquareBatch> executor, BatchOptions? options = null) =>
        SquareBatch.CreateBatchNode(new SquareNode("coordinator", new ClusterProbe()), options, executor: executor);

    /// <summary>Options with a limit of <paramref name="limit"/>, with adaptive concurrency starting there when <paramref name="adaptive"/>.</summary>
    public static BatchOptions Limit(int limit, bool adaptive) =>
        new() { MaxDegreeOfParallelism = limit, AdaptiveConcurrency = adaptive ? new AdaptiveConcurrency { InitialLevel = limit } : null };

    /// <summary>A batch of the numbers 0 to <paramref name="count"/> - 1.</summary>
    public static SquareBatch Numbers(int count) => new() { Numbers = Enumerable.Range(0, count).ToArray() };

    /// <summary>The outputs the batch of <see cref="Numbers"/> must end with, silos aside.</summary>
    public static IEnumerable<(int, long)> ExpectedSquares(int count) => Enumerable.Range(0, count).Select(n => (n, (long)n * n));
}
