namespace Floxide.Orleans;

/// <summary>An item workflow registered on a silo by name, with its types erased for the grain.</summary>
internal interface IWorkflowRegistration
{
    /// <summary>Gets the name the coordinator calls the workflow by.</summary>
    string Name { get; }

    /// <summary>Gets the type of the requests the workflow takes.</summary>
    Type RequestType { get; }

    /// <summary>Gets the type of the replies it sends.</summary>
    Type ReplyType { get; }

    /// <summary>Runs one item attempt and describes the outcome; never throws for the item's own failure.</summary>
    /// <param name="call">The call.</param>
    /// <param name="silo">The silo it runs on, reported back.</param>
    /// <param name="cancellationToken">The batch's token, forwarded by Orleans.</param>
    /// <returns>The reply.</returns>
    Task<ItemReply> RunAsync(ItemCall call, string silo, CancellationToken cancellationToken);
}
