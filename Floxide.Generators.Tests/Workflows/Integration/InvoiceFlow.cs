namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A workflow whose one step charges every amount of the invoice, durably when the invoice has a store.</summary>
[Workflow(typeof(Invoice), Id = "invoice")]
[Start(typeof(ChargeInvoice))]
[BatchStep(typeof(ChargeInvoice), Id = "charge-all")]
public partial class InvoiceFlow;
