namespace Floxide.Generators.Tests.Integration;

/// <summary>A synchronous node: fails on "boom", stops on "", else writes the output.</summary>
[Node(Id = "upper")]
public partial class UpperCaseNode
{
    private bool Process(WordBatch context)
    {
        context.Counter.Increment();
        context.Trace.Add(context.Word);
        if (context.Word == "boom")
        {
            throw new InvalidOperationException("boom");
        }

        context.Result = context.Word.ToUpperInvariant() + context.Suffix + context.Salt;
        return context.Word.Length > 0;
    }
}
