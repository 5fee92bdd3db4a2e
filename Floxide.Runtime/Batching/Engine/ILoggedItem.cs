namespace Floxide;

/// <summary>An item as a log event names it: by its input position, and in a durable run by its key.</summary>
internal interface ILoggedItem
{
    /// <summary>Gets the item's input position.</summary>
    long Index { get; }

    /// <summary>The item's key in a durable run whose codec gives keys; null otherwise. Asked only for an event that is written.</summary>
    string? Key();
}
