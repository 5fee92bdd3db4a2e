namespace Floxide;

/// <summary>
/// Lets a batch with a per-item (partitioned) rate limiter go on reading while items wait for their partition's
/// permit: an item waiting for one gives up its attempt slot (<see cref="ConcurrencyGate"/>) and, while fewer than
/// <see cref="Size"/> do, its worker too, so the loop hands out work to another worker in its place. The chunkers hand
/// out a chunk only while fewer than the batch's limit of workers are busy other than waiting for a permit.
/// Built only when the node has an item limiter: a batch without one runs its loop as before.
/// </summary>
/// <remarks>
/// Waiting items were read from the source, so they cost memory: each holds its worker's task, its pipeline's state and a
/// place in the limiter's queue, about 2 KB besides the item (2.2 KB measured, 2026-12, with a test limiter at a limit of
/// 2), and that is what <see cref="Size"/> bounds: 1,024 waiting items are about 2 MB whatever the limit. It is of the
/// streaming window's order (4,096 slots up to a limit of 30): behind a tenant whose items are a small share, the window,
/// which keeps results in order, binds first anyway, and more waiting room would only cost memory. A worker whose item
/// waits when <see cref="Size"/> already do keeps its place among the limit's, so the loop never runs more than the limit's
/// workers plus <see cref="Size"/>, and (chunks being single items with an item limiter) never has more items in flight.
/// </remarks>
internal sealed class PermitWaits
{
    /// <summary>How many items may wait for a permit beyond the batch's limit of workers.</summary>
    internal const int Size = 1024;

    private readonly Lock _lock = new();
    private readonly int _limit;
    private readonly CancellationToken _stop;
    private int _busy;
    private int _waiting;
    private TaskCompletionSource<bool>? _reader;

    /// <param name="limit">The batch's <see cref="BatchOptions.MaxDegreeOfParallelism"/>.</param>
    /// <param name="stop">Stops the batch: a reader waiting for a worker stops waiting.</param>
    public PermitWaits(int limit, CancellationToken stop)
    {
        _limit = limit;
        _stop = stop;
    }

    /// <summary>Gets how many workers the loop may run: the limit's, and one for each item that may wait for a permit.</summary>
    public int LoopWidth => (int)Math.Min((long)_limit + Size, int.MaxValue); // a limit near int.MaxValue must not overflow

    /// <summary>Whether a worker may take a chunk now: fewer than the limit are busy with anything but a wait for a permit.</summary>
    public bool HasRoom
    {
        get
        {
            lock (_lock)
            {
                return _busy - _waiting < _limit;
            }
        }
    }

    /// <summary>Waits until <see cref="HasRoom"/>; false when the batch stopped. Called by the serialised reader only.</summary>
    public ValueTask<bool> WaitForRoomAsync()
    {
        TaskCompletionSource<bool> reader;
        lock (_lock)
        {
            if (_busy - _waiting < _limit)
            {
                return new(true);
            }

            reader = _reader = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return WaitAsync(reader);
    }

    /// <summary>A worker took a chunk (called by the serialised reader).</summary>
    public void Took()
    {
        lock (_lock)
        {
            _busy++;
        }
    }

    /// <summary>A worker is done with the chunk it took (and the rest of any chunk it claimed on its way).</summary>
    public void Done()
    {
        lock (_lock)
        {
            _busy--;
            WakeReader();
        }
    }

    /// <summary>
    /// An item starts waiting for a permit: its worker counts no more against the limit, if fewer than <see cref="Size"/>
    /// wait. Returns whether it does not; if so, call <see cref="Permitted"/> once the wait ends.
    /// </summary>
    public bool TryWait()
    {
        lock (_lock)
        {
            if (_waiting >= Size)
            {
                return false;
            }

            _waiting++;
            WakeReader();
            return true;
        }
    }

    /// <summary>An item that waited (<see cref="TryWait"/> said so) got its permit, or stopped waiting.</summary>
    public void Permitted()
    {
        lock (_lock)
        {
            _waiting--;
        }
    }

    private void WakeReader()
    {
        if (_reader is { } reader && _busy - _waiting < _limit)
        {
            _reader = null;
            reader.TrySetResult(true);
        }
    }

    private async ValueTask<bool> WaitAsync(TaskCompletionSource<bool> reader)
    {
        using (_stop.UnsafeRegister(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(false), reader))
        {
            return await reader.Task.ConfigureAwait(false);
        }
    }
}
