namespace Floxide;

/// <summary>
/// A run's two stops. <see cref="Halted"/> ends the reading of items and the start of items and attempts (waits for a
/// permit, a slot or a retry's delay end with it); <see cref="ItemToken"/> is what running attempts see. The caller's
/// cancellation halts the run at once and reaches running attempts after <see cref="BatchOptions.CancellationGracePeriod"/>;
/// the run's own stop (<see cref="StopNow"/>: fail-fast, a failed merge or store) reaches both at once, and so does a
/// stream's consumer that leaves (<see cref="CancelAttempts"/>, also during a grace period).
/// </summary>
/// <remarks>
/// Without a grace period the two are one token, as they always were: the run pays nothing for the feature it does not
/// use. With one, running attempts get their own source, canceled by a timer on the batch's clock once the caller
/// cancels (never, for <see cref="Timeout.InfiniteTimeSpan"/>).
/// </remarks>
internal sealed class BatchStop : IDisposable
{
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _halt;
    private readonly CancellationToken _halted; // read once: a source's Token throws once it is disposed, its token does not
    private readonly CancellationTokenSource? _items;
    private readonly TimeSpan _grace;
    private readonly TimeProvider _time;
    private readonly Func<bool>? _leftEarly;
    private readonly Action<TimeSpan>? _onGrace;
    private readonly CancellationTokenRegistration _onCaller;
    private readonly CancellationTokenRegistration _logOnCaller;
    private ITimer? _graceTimer;
    private long _drainEndTicks; // when the period the caller's cancellation started ends (UTC ticks); 0 before
    private long _stoppedAtTicks; // when the run's own stop (or a consumer that left) canceled the attempts; 0 before
    private volatile bool _constructed;
    private int _disposed;

    /// <param name="caller">The caller's cancellation.</param>
    /// <param name="grace">How long running attempts may go on once the caller cancels (zero: none; infinite: to their end).</param>
    /// <param name="time">The batch's clock, which times the grace period.</param>
    /// <param name="leftEarly">Whether the caller's cancellation is a stream's consumer leaving, which stops at once; null: never.</param>
    /// <param name="onGrace">Told the grace period the caller's cancellation started, after the halt (the run logs it); null for nothing.</param>
    public BatchStop(CancellationToken caller, TimeSpan grace = default, TimeProvider? time = null, Func<bool>? leftEarly = null, Action<TimeSpan>? onGrace = null)
    {
        _caller = caller;
        _time = time ?? TimeProvider.System;
        if (grace != TimeSpan.Zero)
        {
            _grace = grace < BatchClock.LongestTimer ? grace : Timeout.InfiniteTimeSpan; // longer than a timer can wait: no end
            _leftEarly = leftEarly;
            _onGrace = onGrace;
            _items = new CancellationTokenSource();
            // Callbacks run last registered first: the period's log (the user's code) after the halt reached waiting items...
            _logOnCaller = caller.UnsafeRegister(static state => ((BatchStop)state!).LogDrain(), this);
        }

        _halt = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _halted = _halt.Token;
        if (_items is not null)
        {
            // ...and its start before, so the period counts from the cancellation, not from the end of what the halt runs inline.
            _onCaller = caller.UnsafeRegister(static state => ((BatchStop)state!).OnCallerCanceled(), this);
        }

        _constructed = true;
    }

    /// <summary>Gets the token that halts the run: no item is read or started, no attempt starts, waits for one end.</summary>
    public CancellationToken Halted => _halted;

    /// <summary>Gets the token running attempts see: <see cref="Halted"/>'s, unless a grace period keeps them going.</summary>
    public CancellationToken ItemToken => _items?.Token ?? _halted;

    /// <summary>Gets the caller's token.</summary>
    public CancellationToken CallerToken => _caller;

    /// <summary>Gets whether running attempts have a grace period, and so a token of their own.</summary>
    public bool HasGracePeriod => _items is not null;

    /// <summary>
    /// Gets whether the run is halted. The caller's token is read too: its callbacks (and continuations they run inline)
    /// may come before the linked source's.
    /// </summary>
    public bool IsHalted => _halt.IsCancellationRequested || _caller.IsCancellationRequested;

    /// <summary>
    /// Gets whether running attempts are told to stop, read at the root: the grace period's end or the run's own stop,
    /// or without a grace period the halt. Each item's own token (linked) may read canceled only later.
    /// </summary>
    public bool AttemptsStopped => _items?.IsCancellationRequested ?? IsHalted;

    /// <summary>Gets whether the caller canceled the run (a stream's consumer that left included).</summary>
    public bool CallerCanceled => _caller.IsCancellationRequested;

    /// <summary>
    /// Gets when the grace period the caller's cancellation started cancels the running attempts (<see cref="DateTimeOffset.MaxValue"/>
    /// when it waits for them all), or when the run's own stop cut it short; null until the run drains (set, it stays).
    /// </summary>
    public DateTimeOffset? DrainingUntil
    {
        get
        {
            var end = Interlocked.Read(ref _drainEndTicks);
            var stopped = Interlocked.Read(ref _stoppedAtTicks);
            return end == 0 ? null : new DateTimeOffset(stopped != 0 && stopped < end ? stopped : end, TimeSpan.Zero);
        }
    }

    /// <summary>The run stops itself: halted, and running attempts canceled, at once.</summary>
    public void StopNow()
    {
        RecordStop();
        Cancel(_halt);
        if (_items is not null)
        {
            Cancel(_items);
        }
    }

    /// <summary>
    /// Cancels running attempts now, grace period or not: a stream's consumer that left, after it canceled the run (so its
    /// items read as canceled), which may come during the grace period its token started. Once the run ended, nothing.
    /// </summary>
    public void CancelAttempts()
    {
        RecordStop();
        try
        {
            _items?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended first: nothing runs on to cancel.
        }
        catch (AggregateException)
        {
            // A callback an item registered threw: the items still see their token canceled, and the consumer's disposal
            // must go on to wait for the run.
        }
    }

    /// <summary>Ends the grace period's timer and the sources.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _onCaller.Dispose(); // waits for a callback that is running, so it cannot start a timer after this
        _logOnCaller.Dispose();
        _graceTimer?.Dispose();
        _items?.Dispose();
        _halt.Dispose();
    }

    private void OnCallerCanceled()
    {
        if (!_constructed || _leftEarly?.Invoke() == true || _items!.IsCancellationRequested)
        {
            // A token canceled before the run: it starts nothing, so nothing drains. A stream's consumer that left (the run
            // then cancels its attempts: CancelAttempts), or attempts the batch's own stop already canceled: no period to
            // start, nor to log.
            return;
        }

        var end = _grace == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _time.GetUtcNow() + _grace;
        Interlocked.Exchange(ref _drainEndTicks, end.UtcTicks);

        if (_grace != Timeout.InfiniteTimeSpan)
        {
            _graceTimer = _time.CreateTimer(static state => ((BatchStop)state!).GraceEnded(), this, _grace, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The drain <see cref="OnCallerCanceled"/> started, told once the halt has reached the waiting items.</summary>
    private void LogDrain()
    {
        if (Interlocked.Read(ref _drainEndTicks) != 0) // set only once the run was constructed
        {
            _onGrace?.Invoke(_grace);
        }
    }

    /// <summary>
    /// The moment the run's own stop cancels the attempts, which ends a drain before its period does: noted first, so a
    /// drain that starts meanwhile, or a callback that throws as the attempts are canceled, cannot lose it. Only with a
    /// grace period: without one nothing drains.
    /// </summary>
    private void RecordStop()
    {
        if (_items is not null)
        {
            Interlocked.CompareExchange(ref _stoppedAtTicks, _time.GetUtcNow().UtcTicks, 0);
        }
    }

    /// <summary>
    /// Cancels <paramref name="source"/> for the run's own stop, whose caller (a fail-fast failure's record, a failed
    /// merge) must go on to record and publish what it stopped: a callback registered on the token (an item's, a
    /// source's) that throws does not reach it. Every other callback still runs, and the tokens read canceled.
    /// </summary>
    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (AggregateException)
        {
            // Thrown by someone else's callback: the stop itself happened.
        }
    }

    private void GraceEnded()
    {
        try
        {
            _items!.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended as the period did: nothing runs on to cancel.
        }
        catch (AggregateException)
        {
            // A callback an item registered threw. Not on the timer's thread, which would end the process: the items
            // still see their token canceled, and end as canceled.
        }
    }
}
