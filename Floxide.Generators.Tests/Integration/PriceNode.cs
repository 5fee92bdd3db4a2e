namespace Floxide.Generators.Tests.Integration;

/// <summary>Converts cents to a price; negative amounts leave no output.</summary>
[Node]
public partial class PriceNode
{
    public NodeAction Process(PriceBatch context)
    {
        context.Notes.Add(context.Currency);
        if (context.Cent >= 0)
        {
            context.Price = context.Cent / 100m;
        }

        return NodeAction.Default;
    }
}
