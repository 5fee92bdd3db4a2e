namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>Charges one amount (a paid call); a negative one fails while the invoice refuses them.</summary>
[Node(Id = "charge")]
public partial class ChargeInvoice
{
    public async Task ProcessAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        invoice.Calls.Enqueue(invoice.Amount);
        await Task.Yield();
        if (invoice.Amount < 0 && invoice.RefuseNegative)
        {
            throw new InvalidOperationException($"amount {invoice.Amount} refused");
        }

        invoice.Charged = Math.Abs(invoice.Amount) * 100;
    }
}
