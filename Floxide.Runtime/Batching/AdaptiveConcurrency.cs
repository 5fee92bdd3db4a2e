namespace Floxide;

/// <summary>
/// How a batch adapts its concurrency (set in <see cref="BatchOptions.AdaptiveConcurrency"/>): the way TCP
/// finds a link's capacity, with slow start, a multiplicative decrease on each throttling signal and TCP
/// CUBIC's growth between them.
/// </summary>
/// <remarks>
/// <para>The level starts at <see cref="InitialLevel"/> and, until the first throttling signal, grows
/// by one per success (about doubling each round, as TCP's slow start does). A throttling signal multiplies
/// the level that drew it by <see cref="DecreaseFactor"/>, at most once per round: signals from attempts
/// that started before the last decrease describe the old level and are ignored. After a decrease the level
/// follows CUBIC's curve, with rounds of attempts for time: within a round or two it is back just below the
/// level that drew the signal, stays there for several rounds (eight at level 13, sixteen at 100), and only
/// then probes above it, faster the longer the service keeps up, in case its capacity grew. So a service at a
/// steady capacity sees a probe it throttles every eight rounds or so, where additive increase would draw one
/// every other round. Only a level in use grows: a success while fewer than half the level's attempts run
/// (a slow source, the last items) leaves it be. The level stays between <see cref="MinimumLevel"/> and
/// <see cref="BatchOptions.MaxDegreeOfParallelism"/>, which stays the hard limit on items in flight.</para>
/// <para>Throttling signals: an <see cref="HttpRequestException"/> with status 429 or 503, a
/// <see cref="RateLimitRejectedException"/>, Polly's <c>RateLimiterRejectedException</c> (a rate limiter in an item's own
/// pipeline, as in an <see cref="HttpClient"/> with the standard resilience handler), unless
/// <see cref="UseBuiltInSignals"/> is false; whatever <see cref="IsThrottled"/> says is one, and an
/// attempt that succeeded more slowly than <see cref="LatencyThreshold"/>; and with <see cref="RetryAfter"/>,
/// a failure that asks for a wait, which also holds every new attempt until it has passed. The level is in
/// <see cref="BatchProgress.ConcurrencyLevel"/>.</para>
/// </remarks>
public sealed record AdaptiveConcurrency
{
    private readonly int _initialLevel = 1;
    private readonly int _minimumLevel = 1;
    private readonly double _decreaseFactor = 0.9;

    /// <summary>Gets the level the batch starts at, at least 1; defaults to 1 (capped at the ceiling).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int InitialLevel
    {
        get => _initialLevel;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(InitialLevel));
            _initialLevel = value;
        }
    }

    /// <summary>Gets the level a decrease never goes below, at least 1; defaults to 1 (capped at the ceiling).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int MinimumLevel
    {
        get => _minimumLevel;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MinimumLevel));
            _minimumLevel = value;
        }
    }

    /// <summary>
    /// Gets what a throttling signal multiplies the level by, above 0 and below 1; defaults to 0.9
    /// (gentle: the level stays close to what the service sustains; lower it to back off harder).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside (0, 1).</exception>
    public double DecreaseFactor
    {
        get => _decreaseFactor;
        init
        {
            if (!(value > 0 && value < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(DecreaseFactor), value, "The decrease factor must be above 0 and below 1.");
            }

            _decreaseFactor = value;
        }
    }

    /// <summary>
    /// Gets the attempt duration above which a success counts as a throttling signal too (the service
    /// is queueing); null (the default) ignores latency. Measured with <see cref="BatchOptions.TimeProvider"/>.
    /// </summary>
    public TimeSpan? LatencyThreshold { get; init; }

    /// <summary>
    /// Gets whether the built-in throttling signals count (<see cref="ThrottlingSignals.IsBuiltInSignal(Exception)"/>: an
    /// <see cref="HttpRequestException"/> with status 429 or 503, a refused permit of Floxide's or Polly's rate limiter,
    /// thrown here or where an executor ran the item); true by default. Set it false for a service whose answer is not
    /// load, such as one that returns 503 for its own faults: then only <see cref="RetryAfter"/>,
    /// <see cref="IsThrottled"/> and <see cref="LatencyThreshold"/> decide, and <see cref="IsThrottled"/> can keep the
    /// built-in signals it wants through <see cref="ThrottlingSignals.IsBuiltInSignal(Exception)"/>.
    /// </summary>
    public bool UseBuiltInSignals { get; init; } = true;

    /// <summary>
    /// Gets a classifier for the exceptions that mean "too much load", beyond the built-in ones; null for none. It is asked
    /// about the exceptions an attempt meets (its failure, one a step's retry absorbed, a <see cref="ThrottlingSignalHandler"/>'s
    /// report, any other <see cref="ThrottlingSignals.Report"/>, a silo's report as a <see cref="RemoteException"/>; never a
    /// cancellation of the batch) that neither <see cref="RetryAfter"/> nor a built-in signal decided. If it
    /// throws, the attempt fails with an <see cref="InvalidOperationException"/> that names it and holds what it threw.
    /// </summary>
    public Func<Exception, bool>? IsThrottled { get; init; }

    /// <summary>
    /// Gets a reader for how long an exception an attempt meets (as for <see cref="IsThrottled"/>, and asked first) asks
    /// every caller to wait (an HTTP <c>Retry-After</c>, a quota's reset); null (the default) reads none;
    /// <see cref="ThrottlingSignals.RetryAfterOf(Exception)"/> reads every wait Floxide's own exceptions carry, wherever the item ran.
    /// When it returns a positive time, the exception is a throttling
    /// signal and the batch starts no attempt until that time has passed: attempts already running go on, and a later,
    /// longer answer extends the pause (a shorter one never shortens it). Meant for services whose limit is a quota
    /// every request shares, where each attempt sent before the reset would be refused too. The wait is honoured as
    /// given, up to about 49 days, the most a timer holds (clamp it in the reader if the service may ask for more than
    /// you will wait); canceling the batch ends it. If the reader throws, the attempt fails with an
    /// <see cref="InvalidOperationException"/> that names it and holds what it threw.
    /// Measured with <see cref="BatchOptions.TimeProvider"/>.
    /// </summary>
    public Func<Exception, TimeSpan?>? RetryAfter { get; init; }
}
