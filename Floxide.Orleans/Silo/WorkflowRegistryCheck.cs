using global::Orleans;
using global::Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Floxide.Orleans;

/// <summary>
/// Builds the workflow registry, and each registered workflow, while the silo starts, before it joins the cluster, so a
/// silo whose registrations are wrong (a name twice, a wire type Orleans cannot serialize, a workflow factory that throws:
/// a node the container cannot resolve because <c>AddFloxideNodes</c> was not called, a singleton node
/// <c>CreateScopedNode</c> refuses) refuses to start, naming the problem, instead of failing every item it is sent.
/// </summary>
/// <remarks>
/// The batch contexts are not built here: their factories may reach outside services (a secret store, a database), whose
/// passing failure should fail an item, and be tried again for the next, rather than keep the silo from starting.
/// </remarks>
internal sealed class WorkflowRegistryCheck(IServiceProvider services, ILocalSiloDetails silo) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WorkflowRegistryCheck), ServiceLifecycleStage.RuntimeInitialize, _ =>
        {
            services.GetRequiredService<WorkflowRegistry>().BuildWorkflows(silo.Name);
            return Task.CompletedTask;
        });
}
