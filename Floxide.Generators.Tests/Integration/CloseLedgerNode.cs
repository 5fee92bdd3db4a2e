namespace Floxide.Generators.Tests.Integration;

/// <summary>Another public node over the internal context, asynchronous.</summary>
[Node(Id = "close")]
public partial class CloseLedgerNode
{
    internal async Task ProcessAsync(Ledger ledger, CancellationToken cancellationToken)
    {
        await Task.Yield();
        ledger.Entries.Add("close");
    }
}
