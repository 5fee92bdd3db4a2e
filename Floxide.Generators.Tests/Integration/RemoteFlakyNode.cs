using Floxide.Runtime.Tests.Support;

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
            throw new ReportedException(null, "System.InvalidOperationException", "System.SystemException", "System.Exception");
        }

        if (context.Item >= 10 && attempt == 1)
        {
            throw new ReportedException(null, "System.TimeoutException", "System.SystemException", "System.Exception");
        }
    }

}
