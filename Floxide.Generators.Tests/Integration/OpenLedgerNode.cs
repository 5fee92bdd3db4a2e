namespace Floxide.Generators.Tests.Integration;

/// <summary>A public node over an internal context.</summary>
[Node(Id = "open")]
public partial class OpenLedgerNode
{
    internal bool Process(Ledger ledger)
    {
        ledger.Entries.Add("open");
        return true;
    }
}
