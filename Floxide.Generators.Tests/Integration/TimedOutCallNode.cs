namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// Item 1's first attempt times out as an <see cref="HttpClient"/> does (a <see cref="TaskCanceledException"/> of its own
/// token); item 2's cancels the batch and ends with its token, as awaiting it would.
/// </summary>
[Node]
public partial class TimedOutCallNode
{
    public void Process(DefaultRetryBatch context, CancellationToken cancellationToken)
    {
        var attempt = context.Attempts.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
        if (context.Item == 1 && attempt == 1)
        {
            using var clientTimeout = new CancellationTokenSource();
            clientTimeout.Cancel();
            throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException(), clientTimeout.Token);
        }

        if (context.Item == 2)
        {
            context.Cancel.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
