namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A class context whose inherited state lives behind an override with accessor bodies (copied through the override) and
/// behind members hidden with <c>new</c> (copied through a cast to the base, or through <c>base</c> for an init-only one).
/// </summary>
[BatchContext]
public sealed partial class RenamedBatch : NamedBase
{
    /// <summary>Creates a context with the base's initial region.</summary>
    public RenamedBatch()
    {
    }

    /// <summary>Creates a context whose hidden init-only base region is <paramref name="region"/>.</summary>
    /// <param name="region">The base's region.</param>
    public RenamedBatch(string region) => base.Region = region;

    [BatchItems] public IReadOnlyList<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }

    [ItemOutput] public string? Seen { get; set; }

    [BatchOutputs] public List<string> Seens { get; } = [];

    public override string Name { get => base.Name; set => base.Name = value.Trim(); }

    public new string Limit { get; set; } = "";

    public new int Caption { get; set; }

    public new int Region { get; set; }
}
