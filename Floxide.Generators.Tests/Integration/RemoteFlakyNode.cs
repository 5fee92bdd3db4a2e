namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// An item that ran elsewhere, as its executor reports it: items below 10 fail their first two attempts with what was an
/// <see cref="InvalidOperationException"/> there; the others fail once with what was a <see cref="TimeoutException"/>.
/// </summary>
[Node]
public partial class RemoteFlakyNode
{
    public void Process(RetryBatch context)
    {
        var attempt = context.Attempts.AddOrUpdate(context.Item, 1, (_, n) => n + 1);
        if (context.Item < 10 && attempt < 3)
        {
            throw new ReportedException("System.InvalidOperationException", "System.SystemException", "System.Exception");
        }

        if (context.Item >= 10 && attempt == 1)
        {
            throw new ReportedException("System.TimeoutException", "System.SystemException", "System.Exception");
        }
    }

    /// <summary>What an executor throws for an exception that was thrown where it ran the item.</summary>
    private sealed class ReportedException(params string[] remoteTypes)
        : RemoteException("thrown elsewhere", remoteTypes, $"{remoteTypes[0]}: thrown elsewhere", statusCode: null, retryAfter: null);
}
