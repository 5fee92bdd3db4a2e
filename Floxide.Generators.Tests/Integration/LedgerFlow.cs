namespace Floxide.Generators.Tests.Integration;

/// <summary>A public workflow over an internal context and public steps.</summary>
[Workflow(typeof(Ledger))]
[Start(typeof(OpenLedgerNode))]
[Route(typeof(OpenLedgerNode), typeof(CloseLedgerNode))]
public partial class LedgerFlow
{
}
