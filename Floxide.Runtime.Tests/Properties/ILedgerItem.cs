namespace Floxide.Runtime.Tests.Properties;

/// <summary>An item context of the engine property: its item, its output, and the run it belongs to.</summary>
public interface ILedgerItem
{
    int Item { get; }

    int Output { get; set; }

    EngineCaseRun Run { get; }
}
