using System.Runtime.InteropServices;

namespace Floxide;

/// <summary>The result of one batch item: its input position, the item, and what became of it.</summary>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
[StructLayout(LayoutKind.Auto)] // let the runtime pack small items beside the status: 48 bytes, not 56
public readonly struct BatchItemResult<TContext, TItem>
{
    // What the engine recorded: for a failed step, a FloxideException naming the step (a bare node's
    // own exception is wrapped in a NodeFailedException, as a workflow does), unwrapped by Exception.
    private readonly Exception? _exception;

    // The status in the low 7 bits, whether it was resumed in the 8th, the attempts above: one int for all keeps a result
    // at 48 bytes for small items, and the engine writes and clears one per item (a separate int made trivial items ~10% slower).
    private readonly int _statusAndAttempts;

    private const int StatusMask = 0x7F;
    private const int ResumedFlag = 0x80;

    internal BatchItemResult(
        long index,
        TItem item,
        BatchItemStatus status,
        TContext? context,
        NodeAction action,
        Exception? exception,
        TimeSpan duration,
        int attempts = 1)
        : this(index, item, (int)status | (Math.Clamp(attempts, 0, MaxAttempts) << 8), context, action, exception, duration)
    {
    }

    // The one place fields are set: the engine's constructor above packs a result that ran, AsResumed one restored.
    private BatchItemResult(long index, TItem item, int statusAndAttempts, TContext? context, NodeAction action, Exception? exception, TimeSpan duration)
    {
        Index = index;
        Item = item;
        _statusAndAttempts = statusAndAttempts;
        Context = context;
        Action = action;
        _exception = exception;
        Duration = duration;
    }

    /// <summary>Gets the item's zero-based position in the input.</summary>
    public long Index { get; }

    /// <summary>Gets the item.</summary>
    public TItem Item { get; }

    /// <summary>Gets what became of the item.</summary>
    public BatchItemStatus Status => (BatchItemStatus)(_statusAndAttempts & StatusMask);

    /// <summary>
    /// Gets whether a durable rerun restored this result from its record instead of running the item: a success with
    /// its recorded outputs in <see cref="Context"/>, or a recorded failure (<see cref="RecordedItemFailureException"/>).
    /// Such a result has no <see cref="Attempts"/> and no <see cref="Duration"/>: nothing ran in this run.
    /// <see cref="BatchReport{TContext, TItem}.Resumed"/> counts them.
    /// </summary>
    public bool Resumed => (_statusAndAttempts & ResumedFlag) != 0;

    /// <summary>
    /// Gets the item's context after its workflow ran (also when it failed or observed cancellation);
    /// null when the item never started or its context could not be created.
    /// </summary>
    public TContext? Context { get; }

    /// <summary>Gets the action that ended the item's workflow; meaningful when it succeeded.</summary>
    public NodeAction Action { get; }

    /// <summary>
    /// Gets what the item threw, when it failed or observed cancellation; null otherwise. One rule for
    /// a single node and a workflow: this is what the failing step itself threw, never the
    /// <see cref="NodeFailedException"/> a workflow wraps it in (a <see cref="FloxideException"/> the
    /// step raised, such as <see cref="UnroutedActionException"/>, is kept as it is). When the item's
    /// context factory threw, it is that exception; when its executor failed outside the steps
    /// (<see cref="ItemFailedOutsideStepsException"/>: a remote backend's mapping, say), it is what failed, never that
    /// wrapper. The step is named by <see cref="FailedStepId"/>.
    /// </summary>
    public Exception? Exception => NodeFailedException.ThrownByStep(_exception);

    /// <summary>
    /// Gets the id of the step that failed, when the item failed in its workflow: the node itself
    /// when the item workflow is a single node, the innermost node that threw in a workflow (nested
    /// workflows included), or the node a <see cref="FloxideException"/> names; for an item its own timeout stopped
    /// (<see cref="TimedOut"/>), the step the timeout canceled. Null when the item did not fail, failed in its context
    /// factory before any step ran, was refused a permit, timed out between a workflow's steps or outside them (in a retry's
    /// delay, a wait for a permit), or failed outside its steps in its executor (which threw an
    /// <see cref="ItemFailedOutsideStepsException"/>).
    /// </summary>
    public string? FailedStepId => Status == BatchItemStatus.Failed && _exception is { } failure ? NodeFailedException.FailedStepOf(failure, null) : null;

    /// <summary>
    /// Gets how long the item ran (its context factory included; with resilience, from the start of its first attempt,
    /// retries and their delays included) when <see cref="BatchOptions.MeasureItemDurations"/> is set; zero when it is
    /// not, when the item never started (<see cref="Attempts"/> 0), or when it was <see cref="Resumed"/>.
    /// </summary>
    public TimeSpan Duration { get; }

    /// <summary>
    /// Gets how many times the item's workflow was attempted: 1 without a
    /// <see cref="BatchOptions.ResiliencePipeline"/>, each retry adds one; 0 when the item never started, or was
    /// <see cref="Resumed"/> from a durable run's record (counted up to 16,777,215).
    /// </summary>
    public int Attempts => _statusAndAttempts >>> 8;

    /// <summary>This result as restored from a durable run's record (see <see cref="Resumed"/>).</summary>
    internal BatchItemResult<TContext, TItem> AsResumed() => new(Index, Item, (int)Status | ResumedFlag, Context, Action, _exception, TimeSpan.Zero);

    private const int MaxAttempts = (1 << 24) - 1;

    private const string TimeoutTypeName = "Polly.Timeout." + nameof(Polly.Timeout.TimeoutRejectedException); // as a record names it

    /// <summary>
    /// Gets whether the item failed because a timeout expired, its resilience pipeline's or a step's (its
    /// <see cref="Exception"/> is Polly's <see cref="Polly.Timeout.TimeoutRejectedException"/>, or stands for one where an
    /// executor ran the item, or where a durable run recorded it; a step's names the step in <see cref="FailedStepId"/>).
    /// A timed-out item is <see cref="BatchItemStatus.Failed"/> and counted with the failures.
    /// </summary>
    public bool TimedOut => Status == BatchItemStatus.Failed && Exception switch
    {
        Polly.Timeout.TimeoutRejectedException => true,
        RemoteException remote => remote.Is<Polly.Timeout.TimeoutRejectedException>(),
        RecordedItemFailureException recorded => recorded.ErrorType == TimeoutTypeName,
        _ => false,
    };

    /// <summary>Gets whether the item succeeded.</summary>
    public bool Succeeded => Status == BatchItemStatus.Succeeded;

    /// <inheritdoc/>
    public override string ToString() =>
        $"#{Index} {Status}{(Resumed ? " (resumed)" : "")}" + (Exception is { } error ? $": {error.GetType().Name}: {error.Message}" : "");
}
