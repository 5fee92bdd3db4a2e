using global::Orleans.Serialization;

namespace Floxide.Orleans;

/// <summary>The item workflows registered on this silo, by name.</summary>
internal sealed class WorkflowRegistry
{
    private readonly Dictionary<string, IWorkflowRegistration> _byName = new(StringComparer.Ordinal);

    public WorkflowRegistry(IEnumerable<IWorkflowRegistration> registrations, Serializer serializer)
    {
        foreach (var registration in registrations)
        {
            WireTypes.EnsureSerializable(serializer, registration.RequestType, "request", registration.Name);
            WireTypes.EnsureSerializable(serializer, registration.ReplyType, "reply", registration.Name);
            if (!_byName.TryAdd(registration.Name, registration))
            {
                throw new InvalidOperationException($"Two Floxide workflows are registered as '{registration.Name}' on this silo: names must be unique.");
            }
        }
    }

    /// <summary>Builds every registered workflow (<see cref="IWorkflowRegistration.BuildWorkflow"/>), in name order.</summary>
    /// <exception cref="InvalidOperationException">One could not be built; the message names it.</exception>
    public void BuildWorkflows(string silo)
    {
        foreach (var name in _byName.Keys.Order(StringComparer.Ordinal))
        {
            _byName[name].BuildWorkflow(silo);
        }
    }

    /// <summary>Gets the workflow registered as <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">None is.</exception>
    public IWorkflowRegistration Get(string name, string silo) =>
        _byName.TryGetValue(name, out var registration)
            ? registration
            : throw new InvalidOperationException(
                $"No Floxide workflow is registered as '{name}' on silo {silo} (registered: {(_byName.Count == 0 ? "none" : string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal).Select(n => $"'{n}'")))}): call AddFloxideWorkflow on every silo.");
}
