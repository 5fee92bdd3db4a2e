using Floxide;

namespace DurableBatch;

/// <summary>Summarises one document: stands in for a slow, paid API call (an LLM, say), about 20 ms each.</summary>
[Node(Id = "summarize")]
public sealed partial class SummarizeNode
{
    /// <summary>Calls the "service" with the item's idempotency key, so a retried call is not paid twice.</summary>
    /// <param name="context">The item context.</param>
    /// <param name="cancellationToken">The batch's cancellation.</param>
    /// <returns>A task that completes when the summary is set.</returns>
    public async Task ProcessAsync(SummaryBatch context, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(15 + (context.Document.Id % 11)), cancellationToken);
        var words = context.Document.Title.Split(' ');
        context.Summary = new Summary(context.Document.Id, $"{words.Length} words, starting '{words[0]}'", context.ItemKey.ToString());
    }
}
