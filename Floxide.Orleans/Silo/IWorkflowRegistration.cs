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

    /// <summary>
    /// Builds the workflow now (once per silo: items then reuse it), as the silo starts, so that a factory that cannot build
    /// it (a node the container cannot resolve, a singleton node) stops the silo instead of failing every item it gets.
    /// </summary>
    /// <param name="silo">The silo, for the error.</param>
    /// <exception cref="InvalidOperationException">The factory threw, or returned null; the message names the workflow.</exception>
    void BuildWorkflow(string silo);

    /// <summary>Runs one item attempt and describes the outcome; never throws for the item's own failure.</summary>
    /// <param name="call">The call.</param>
    /// <param name="silo">The silo it runs on, reported back.</param>
    /// <param name="cancellationToken">The batch's token, forwarded by Orleans.</param>
    /// <param name="report">
    /// Where what the item reports to <see cref="ThrottlingSignals"/> goes as it is recorded, when the coordinator's attempt
    /// listens; null records nothing.
    /// </param>
    /// <returns>The reply.</returns>
    Task<ItemReply> RunAsync(ItemCall call, string silo, CancellationToken cancellationToken, Action<WireException>? report = null);
}
