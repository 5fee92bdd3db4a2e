namespace Floxide;

/// <summary>
/// How many items ended in each status, updated by the workers (once per finished run, once per
/// canceled or skipped item), and the failure that stopped a fail-fast batch.
/// </summary>
internal sealed class BatchCounts
{
    private long _succeeded;
    private long _failed;
    private long _canceled;
    private long _skipped;
    private long _firstFailure = -1;
    private int _concurrencyLevel;
    private long _pausedUntilTicks;

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public long Failed => Interlocked.Read(ref _failed);

    public long Canceled => Interlocked.Read(ref _canceled);

    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Gets the index of the first item that failed in a fail-fast batch, or null.</summary>
    public long? FirstFailure => Interlocked.Read(ref _firstFailure) is var index and >= 0 ? index : null;

    /// <summary>Adds a finished run's counts.</summary>
    public void AddFinished(long succeeded, long failed)
    {
        if (succeeded > 0)
        {
            Interlocked.Add(ref _succeeded, succeeded);
        }

        if (failed > 0)
        {
            Interlocked.Add(ref _failed, failed);
        }
    }

    /// <summary>Gets or sets the concurrency level progress reports: the ceiling, or the adaptive level.</summary>
    public int ConcurrencyLevel
    {
        get => Volatile.Read(ref _concurrencyLevel);
        set => Volatile.Write(ref _concurrencyLevel, value);
    }

    /// <summary>Gets or sets when the adaptive gate's pause ends (UTC); null when it is not paused.</summary>
    public DateTimeOffset? PausedUntil
    {
        get => Interlocked.Read(ref _pausedUntilTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        set => Interlocked.Exchange(ref _pausedUntilTicks, value?.UtcTicks ?? 0);
    }

    public void AddCanceled() => Interlocked.Increment(ref _canceled);

    public void AddSkipped() => Interlocked.Increment(ref _skipped);

    /// <summary>Records <paramref name="index"/> as the failure that stops the batch, unless one already did.</summary>
    public void SetFirstFailure(long index) => Interlocked.CompareExchange(ref _firstFailure, index, -1);

    /// <summary>A progress snapshot; failures read once, so one taken while items finish never shows more failed than completed.</summary>
    public BatchProgress Progress(long? total)
    {
        var failed = Failed;
        return new(Succeeded + failed, failed, Canceled, Skipped, total) { ConcurrencyLevel = ConcurrencyLevel, PausedUntil = PausedUntil };
    }
}
