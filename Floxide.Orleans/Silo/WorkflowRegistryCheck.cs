using global::Orleans;
using global::Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Floxide.Orleans;

/// <summary>
/// Builds the workflow registry while the silo starts, before it joins the cluster, so a silo whose registrations
/// are wrong (a name twice, a wire type Orleans cannot serialize) refuses to start, naming the problem, instead of
/// failing every item it is sent.
/// </summary>
internal sealed class WorkflowRegistryCheck(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WorkflowRegistryCheck), ServiceLifecycleStage.RuntimeInitialize, _ =>
        {
            services.GetRequiredService<WorkflowRegistry>();
            return Task.CompletedTask;
        });
}
