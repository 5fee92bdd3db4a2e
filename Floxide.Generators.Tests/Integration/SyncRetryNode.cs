namespace Floxide.Generators.Tests.Integration;

/// <summary>A synchronous step with a step-level retry: a workflow must run it through its adapter, not call Process directly.</summary>
[Node]
[Retry(MaxAttempts = 3, DelayMs = 0)]
public partial class SyncRetryNode
{
    public void Process(RetryBatch context)
    {
        if (++context.Written < 3)
        {
            throw new InvalidOperationException("transient");
        }
    }
}
