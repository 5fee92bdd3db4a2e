using System.Globalization;

namespace Floxide;

/// <summary>
/// Where throttling that an item meets and gets past by itself is reported, so adaptive concurrency
/// (<see cref="BatchOptions.AdaptiveConcurrency"/>) hears of it: a 429 that a retry inside the item absorbed still lowers
/// the level, and its wait still pauses the batch. Floxide's own reporters use it (a step's
/// <see cref="FloxideResiliencePipelineBuilderExtensions.AddThrottlingSignals{TBuilder}"/>, the <see cref="ThrottlingSignalHandler"/>);
/// call <see cref="Report"/> where another retry absorbs a failure (an SDK's retry callback, a hand-written loop).
/// </summary>
public static class ThrottlingSignals
{
    // OpenAI's and Azure's: a wait to the millisecond, beside the whole seconds of Retry-After.
    private static readonly string[] MillisecondHeaders = ["retry-after-ms", "x-ms-retry-after-ms"];

    private static readonly AsyncLocal<IThrottlingSignalSink?> Ambient = new();

    /// <summary>
    /// Gets whether the code runs in an adaptive batch's attempt or in a <see cref="Record"/>ing, whose reports are heard
    /// until the attempt or the recording ends (work left running after that is still "listening", but is dropped).
    /// </summary>
    public static bool IsListening => Current is not null;

    /// <summary>Gets or sets what the current code reports to: an adaptive batch's attempt, a recording, or null.</summary>
    internal static IThrottlingSignalSink? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    /// <summary>
    /// Reports <paramref name="exception"/>, which the current item attempt met and got past, to the adaptive batch running
    /// it: if the batch's readers call it a throttling signal, the level falls and a wait it carries pauses the batch, as if
    /// the attempt had failed with it. In a <see cref="Record"/>ing it is recorded instead; anywhere else it is dropped.
    /// </summary>
    /// <param name="exception">The exception met.</param>
    /// <exception cref="InvalidOperationException">A reader of the batch's <see cref="AdaptiveConcurrency"/> threw reading it; the attempt fails with this error too.</exception>
    public static void Report(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Current?.Observe(exception);
    }

    /// <summary>
    /// Records what the code that runs in this async flow reports, instead of reporting it to an attempt, until the
    /// recording is disposed: for an <see cref="IItemExecutor{TContext}"/> that runs an item away from its batch, which sends
    /// each report back as it is recorded (<paramref name="onRecorded"/>), or <see cref="ThrottlingSignalRecording.GetReported"/>
    /// with the item's outcome, and reports each one there.
    /// </summary>
    /// <remarks>
    /// Call it in the async method that runs the item and dispose it there (<c>using var recording = ...</c>): the
    /// recording flows into what that method calls and starts, and an async method's changes do not flow back to its
    /// caller, so one started in a helper ends with the helper.
    /// </remarks>
    /// <param name="batchCanceled">
    /// The batch's cancellation, as the item received it: an <see cref="OperationCanceledException"/> reported once it is
    /// canceled is not recorded, as an adaptive attempt never reads one.
    /// </param>
    /// <param name="onRecorded">
    /// Called with each report as it is recorded (each exception once, as <see cref="ThrottlingSignalRecording.GetReported"/>
    /// keeps it, in that order), on the thread that reported it and under the recording's lock, so it
    /// must not block (an unbounded channel's <c>TryWrite</c>); null when the reports are read at the end.
    /// </param>
    /// <returns>The recording; dispose it when the item has run.</returns>
    public static ThrottlingSignalRecording Record(CancellationToken batchCanceled = default, Action<Exception>? onRecorded = null)
    {
        var recording = new ThrottlingSignalRecording(Current, batchCanceled, onRecorded);
        Current = recording;
        return recording;
    }

    /// <summary>
    /// Whether <paramref name="exception"/> is the batch's own cancellation, seen once it happened on
    /// <paramref name="batchCanceled"/>: never a throttling signal, wherever the item runs (an attempt in this process
    /// also reads the caller's token, which can read canceled first: <see cref="AdaptiveBatch.IsBatchCancellation"/>).
    /// </summary>
    internal static bool IsBatchCancellation(Exception exception, CancellationToken batchCanceled) =>
        exception is OperationCanceledException && batchCanceled.IsCancellationRequested;

    /// <summary>
    /// Whether <paramref name="exception"/> is one of adaptive concurrency's built-in throttling signals: an
    /// <see cref="HttpRequestException"/> (a <see cref="ThrottledResponseException"/> included) with status 429 or 503, a
    /// <see cref="RateLimitRejectedException"/>, Polly's <c>RateLimiterRejectedException</c>, or one of them thrown where
    /// an executor ran the item (a <see cref="RemoteException"/>). For an <see cref="AdaptiveConcurrency.IsThrottled"/>
    /// that keeps some of them with <see cref="AdaptiveConcurrency.UseBuiltInSignals"/> false.
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <returns>Whether it is a built-in signal.</returns>
    public static bool IsBuiltInSignal(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return ThrottlingClassifier.IsBuiltInSignal(exception);
    }

    /// <summary>
    /// The wait an exception Floxide knows carries: a <see cref="ThrottledResponseException"/>'s, a
    /// <see cref="RateLimitRejectedException"/>'s, or a <see cref="RemoteException"/>'s (such an exception thrown where an
    /// executor ran the item). A reader for <see cref="AdaptiveConcurrency.RetryAfter"/> that works wherever items run.
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The wait, or null when it carries none Floxide knows of.</returns>
    public static TimeSpan? RetryAfterOf(Exception exception) => exception switch
    {
        ThrottledResponseException throttled => throttled.RetryAfter,
        RateLimitRejectedException refused => refused.RetryAfter,
        RemoteException remote => remote.RetryAfter,
        _ => null,
    };

    /// <summary>
    /// The wait <paramref name="response"/> asks for, as <see cref="ThrottlingSignalHandler"/> reads it into
    /// <see cref="ThrottledResponseException.RetryAfter"/>: the milliseconds LLM APIs send (<c>retry-after-ms</c> or <c>x-ms-retry-after-ms</c>) when
    /// present, being more precise, else <c>Retry-After</c>, a number of seconds or a date. For a client's own retry that
    /// should wait as long (a <c>DelayGenerator</c>, say).
    /// </summary>
    /// <param name="response">The response.</param>
    /// <param name="timeProvider">
    /// The clock a <c>Retry-After</c> date is measured against when the response has no <c>Date</c> header (a date is read
    /// against the service's own clock first); <see cref="TimeProvider.System"/> when null.
    /// </param>
    /// <returns>The wait (zero for a date already past), or null when the response asks for none.</returns>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var header in MillisecondHeaders)
        {
            if (response.Headers.TryGetValues(header, out var values)
                && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
                && milliseconds >= 0
                && milliseconds < TimeSpan.MaxValue.TotalMilliseconds)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - (response.Headers.Date ?? (timeProvider ?? TimeProvider.System).GetUtcNow()) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
            _ => null,
        };
    }
}
