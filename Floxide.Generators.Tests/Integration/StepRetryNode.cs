namespace Floxide.Generators.Tests.Integration;

/// <summary>A step-level retry declared in the DSL: the step alone is re-run, on the same context.</summary>
[Node]
[Retry(MaxAttempts = 4, DelayMs = 0, Jitter = false)]
public partial class StepRetryNode
{
    public int Runs { get; private set; }

    public void Process(RetryBatch context)
    {
        Runs++;
        context.Written++;
        if (Runs < 3)
        {
            throw new TimeoutException("transient");
        }
    }
}
