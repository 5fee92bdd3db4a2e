using global::Orleans;

namespace Floxide.Orleans;

/// <summary>One attempt of one item, as sent to a silo.</summary>
[GenerateSerializer, Immutable, Alias("Floxide.Orleans.ItemCall")]
internal sealed class ItemCall
{
    /// <summary>Gets the name the workflow is registered under on the silos.</summary>
    [Id(0)]
    public required string Workflow { get; init; }

    /// <summary>Gets the id of the coordinator's item workflow, checked against the silo's registered one.</summary>
    [Id(1)]
    public required string WorkflowId { get; init; }

    /// <summary>Gets the request built by the mapping's <c>ToRequest</c>; null when a nullable request type's mapping made it so.</summary>
    [Id(2)]
    public required object? Request { get; init; }

    /// <summary>
    /// Gets the item's idempotency key in a durable run (<see cref="IDurableItemContext.ItemKey"/>, which the coordinator's
    /// item context has), for the silo to set on its own; null outside one.
    /// </summary>
    [Id(4)]
    public DurableKey? ItemKey { get; init; }

    /// <summary>
    /// Gets the item's input position in the coordinator's batch, for the silo's errors to name the item; null from a
    /// coordinator that does not send it (an older one, in a rolling upgrade), whose errors then say "an item".
    /// </summary>
    [Id(5)]
    public long? ItemIndex { get; init; }
}
