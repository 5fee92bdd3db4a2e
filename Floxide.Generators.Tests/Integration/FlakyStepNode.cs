namespace Floxide.Generators.Tests.Integration;

/// <summary>Writes its attempt into the item's output (adding, so a reused context would show), then fails until the third attempt.</summary>
[Node]
public partial class FlakyStepNode
{
    public void Process(RetryBatch context)
    {
        var attempt = context.Attempts.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
        context.Written += (context.Item * 10) + attempt;
        if (attempt < 3)
        {
            throw new InvalidOperationException("transient");
        }
    }
}
