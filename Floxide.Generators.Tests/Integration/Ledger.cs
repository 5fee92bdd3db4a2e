namespace Floxide.Generators.Tests.Integration;

/// <summary>An internal context: public nodes and workflows over it get an internal <c>RunAsync</c> and an explicit <c>INode</c> one.</summary>
internal sealed class Ledger
{
    public List<string> Entries { get; } = [];
}
