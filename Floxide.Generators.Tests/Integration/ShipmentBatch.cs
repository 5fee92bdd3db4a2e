namespace Floxide.Generators.Tests.Integration;

/// <summary>An item type less accessible than the public context that batches it.</summary>
internal sealed record Parcel(string Label, int Grams);

/// <summary>
/// A public context over internal items: the generated factories and <c>LastBatch</c> mention the item
/// type, so they are generated internal (public ones would not compile, CS0050/CS0053).
/// </summary>
[BatchContext(MaxDegreeOfParallelism = 2)]
public partial class ShipmentBatch
{
    [BatchItems] internal IReadOnlyList<Parcel> Parcels { get; init; } = [];

    [BatchItem] internal Parcel? Parcel { get; set; }

    [ItemOutput] public int? Grams { get; set; }

    [BatchOutputs] public List<int> Weights { get; } = [];
}
