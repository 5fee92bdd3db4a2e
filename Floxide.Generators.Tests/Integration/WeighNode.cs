namespace Floxide.Generators.Tests.Integration;

/// <summary>Weighs one parcel; a parcel labelled "lost" fails.</summary>
[Node]
public partial class WeighNode
{
    public void Process(ShipmentBatch context)
    {
        if (context.Parcel!.Label == "lost")
        {
            throw new InvalidOperationException("lost parcel");
        }

        context.Grams = context.Parcel.Grams;
    }
}
