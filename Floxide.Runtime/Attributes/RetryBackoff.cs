namespace Floxide;

/// <summary>How the delay between retries grows (<see cref="RetryAttribute.Backoff"/>); Polly's <c>DelayBackoffType</c>.</summary>
public enum RetryBackoff
{
    /// <summary>The same delay before every retry.</summary>
    Constant,

    /// <summary>The delay times the retry's number: 1x, 2x, 3x, ...</summary>
    Linear,

    /// <summary>The delay doubled before each retry: 1x, 2x, 4x, ...</summary>
    Exponential,
}
