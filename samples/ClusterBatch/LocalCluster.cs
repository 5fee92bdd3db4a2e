using System.Net;
using Floxide;
using Floxide.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace ClusterBatch;

/// <summary>
/// A cluster of silos on localhost, each a host of its own in this process, the first one also the coordinator.
/// A real cluster differs only in its clustering provider (see the README's "Scaling out").
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>The name the silos register the item workflow under and the coordinator calls it by.</summary>
    public const string Workflow = "digest";

    private readonly List<IHost> _silos = [];

    private LocalCluster()
    {
    }

    /// <summary>Gets the coordinator's view of the cluster: the first silo's client.</summary>
    public IClusterClient Client => _silos[0].Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts <paramref name="count"/> silos on ports from <paramref name="basePort"/> and waits until all are active.</summary>
    /// <param name="count">How many silos.</param>
    /// <param name="basePort">The first silo port; gateways use the ports 100 above.</param>
    /// <returns>The running cluster.</returns>
    public static async Task<LocalCluster> StartAsync(int count, int basePort)
    {
        var cluster = new LocalCluster();
        var clusterId = $"floxide-sample-{basePort}";
        for (var i = 0; i < count; i++)
        {
            var name = $"silo-{i}";
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(
                    siloPort: basePort + i,
                    gatewayPort: basePort + 100 + i,
                    primarySiloEndpoint: new IPEndPoint(IPAddress.Loopback, basePort),
                    serviceId: "floxide-sample",
                    clusterId: clusterId);
                silo.Configure<SiloOptions>(options => options.SiloName = name);
                // Every silo registers the same workflow under the same name; its own batch context holds what
                // the items share there (here only Rounds, which stays on the silo: it is not in the request).
                silo.AddFloxideWorkflow(Workflow, new DigestMapping(), _ => new DigestNode(name), _ => new DigestBatch());
            });
            var host = builder.Build();
            await host.StartAsync();
            cluster._silos.Add(host);
        }

        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        while ((await management.GetHosts(onlyActive: true)).Count < count)
        {
            await Task.Delay(100); // membership spreads by gossip: usually already done
        }

        return cluster;
    }

    /// <summary>Runs the batch across the cluster.</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>The report.</returns>
    public Task<BatchReport<DigestBatch, int>> RunAsync(DigestBatch batch) =>
        DigestBatch.CreateBatchNode(new DigestNode("coordinator"), executor: Client.CreateFloxideExecutor(Workflow, new DigestMapping()))
            .RunBatchAsync(batch);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        for (var i = _silos.Count - 1; i >= 0; i--)
        {
            await _silos[i].StopAsync();
            _silos[i].Dispose();
        }
    }
}
