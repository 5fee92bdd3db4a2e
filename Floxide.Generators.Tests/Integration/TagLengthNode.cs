namespace Floxide.Generators.Tests.Integration;

/// <summary>Measures a tag, and records it in the item context's own list.</summary>
[Node]
public partial class TagLengthNode
{
    public void Process(TagBatch context)
    {
        context.Seen.Add(context.Tag);
        context.Length = context.Tag.Length;
    }
}
