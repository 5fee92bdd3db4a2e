namespace Floxide.Orleans;

/// <summary>How an <see cref="OrleansItemExecutor{TContext, TItem, TRequest, TReply}"/> retries a call lost with its silo.</summary>
public sealed record OrleansExecutorOptions
{
    private readonly int _maxAttempts = 16;
    private readonly TimeSpan _firstRetryDelay = TimeSpan.FromMilliseconds(100);
    private readonly TimeSpan _maxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>The longest wait a <see cref="Task.Delay(TimeSpan, TimeProvider)"/> takes: <see cref="uint.MaxValue"/> - 1 ms.</summary>
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Gets how many times one item is sent, at least 1; defaults to 16. After the last lost call the item
    /// fails with the Orleans exception.
    /// </summary>
    /// <remarks>
    /// With the default delays, 16 calls that are lost at once (a silo that refuses them) span about 51 s of backoff:
    /// longer than Orleans' default membership takes to declare a killed silo dead (three missed probes, one per 5 s
    /// <c>ClusterMembershipOptions.ProbeTimeout</c>, then two votes: 15 to 20 s), until which placement may still choose
    /// that silo. Calls that wait for their <c>ResponseTimeout</c> before they count as lost make the budget last longer.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int MaxAttempts
    {
        get => _maxAttempts;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxAttempts));
            _maxAttempts = value;
        }
    }

    /// <summary>Gets the wait before the first retry, doubled before each next one; defaults to 100 ms.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below zero.</exception>
    public TimeSpan FirstRetryDelay
    {
        get => _firstRetryDelay;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(FirstRetryDelay));
            _firstRetryDelay = value;
        }
    }

    /// <summary>Gets the longest wait between two attempts, at most about 49 days (what a timer can wait); defaults to 5 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below zero or above 4,294,967,294 ms.</exception>
    public TimeSpan MaxRetryDelay
    {
        get => _maxRetryDelay;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(MaxRetryDelay));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, LongestRetryDelay, nameof(MaxRetryDelay));
            _maxRetryDelay = value;
        }
    }

    /// <summary>Gets the clock the waits run on; defaults to <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        init => _timeProvider = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (attempts count from 1).</summary>
    internal TimeSpan RetryDelay(int attempt)
    {
        // In double ticks, capped before it becomes a TimeSpan: a long first delay doubled many times never overflows.
        var ticks = FirstRetryDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 62));
        return ticks < MaxRetryDelay.Ticks ? TimeSpan.FromTicks((long)ticks) : MaxRetryDelay;
    }
}
