namespace Floxide.Runtime.Tests.Support;

/// <summary>The adaptive batch options the throttling tests share.</summary>
public static class AdaptiveOptions
{
    /// <summary>
    /// Four at once, halving on each signal: the end level says how many signals were heard in separate rounds
    /// (4, then 2, then 1), where the default factor would hide one.
    /// </summary>
    public static BatchOptions HalvingFromFour => new()
    {
        MaxDegreeOfParallelism = 4,
        AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 4, DecreaseFactor = 0.5 },
    };

    /// <summary>One attempt at a time on <paramref name="time"/>, pausing the batch for every wait Floxide's exceptions carry.</summary>
    public static BatchOptions OneAtATimePausingForWaits(TimeProvider time) => new()
    {
        MaxDegreeOfParallelism = 1,
        TimeProvider = time,
        AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = ThrottlingSignals.RetryAfterOf },
    };
}
