using global::Orleans.Runtime;

namespace Floxide.Orleans;

/// <summary>
/// A silo canceled an item the batch did not cancel (it was shutting down): the call is lost, and sent again elsewhere.
/// </summary>
internal sealed class ItemDroppedException(string silo)
    : OrleansException($"Silo {silo} canceled the item's call without the batch canceling it (it was shutting down); the item is sent again.");
