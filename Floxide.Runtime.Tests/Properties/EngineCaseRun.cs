using System.Globalization;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Floxide.Runtime.Tests.Properties;

/// <summary>
/// One run of an <see cref="EngineCase"/>: its source, what its items do, and a ledger of what really happened (each
/// attempt's start and end, items in flight, what was merged, updated, yielded and reported), for the checker to hold
/// the results against.
/// </summary>
public sealed class EngineCaseRun : IProgress<BatchProgress>
{
    /// <summary>How long a waiting item waits on the pumped clock: far beyond a short timeout, far within a long one.</summary>
    public static readonly TimeSpan WaitTime = TimeSpan.FromSeconds(1);

    private readonly bool _cancels;
    private readonly List<Attempt>[] _attempts;
    private readonly int[] _itemRunning;
    private readonly int[] _partitionInFlight = new int[Partitions];
    private long _sequence;
    private long _stopSequence = long.MaxValue;
    private int _inFlight;
    private int _maxInFlight;
    private int _maxPartitionInFlight;
    private int _read;
    private int _merging;
    private int _canceled;
    private int _reporting;
    private bool _ended;
    private bool _cancelReturned;

    /// <param name="engineCase">The case.</param>
    /// <param name="time">The batch's clock, which the property's pump moves on.</param>
    /// <param name="cancels">Whether this run cancels itself as the case says (a durable case's resuming run does not).</param>
    public EngineCaseRun(EngineCase engineCase, PumpedTime time, bool cancels)
    {
        Case = engineCase;
        Time = time;
        _cancels = cancels && engineCase.Cancel != EngineCase.CancelPoint.None;
        _attempts = new List<Attempt>[engineCase.Count];
        _itemRunning = new int[engineCase.Count];
        for (var i = 0; i < _attempts.Length; i++)
        {
            _attempts[i] = [];
        }
    }

    /// <summary>Items of the item limiter's partitions: item % <see cref="Partitions"/>.</summary>
    public const int Partitions = 3;

    public EngineCase Case { get; }

    public PumpedTime Time { get; }

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Gets whether this run canceled its token.</summary>
    public bool CancelRequested => Volatile.Read(ref _canceled) != 0;

    /// <summary>Gets when and where the token was canceled.</summary>
    public string? CanceledAt { get; private set; }

    /// <summary>Gets how many attempts started once the token was canceled.</summary>
    public int StartedAfterCancel { get; private set; }

    /// <summary>Gets the first attempts that started once the token was canceled: which, when, and on which thread.</summary>
    public List<string> LateStarts { get; } = [];

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int MaxPartitionInFlight => Volatile.Read(ref _maxPartitionInFlight);

    /// <summary>Gets how many items the source handed out.</summary>
    public int Read => Volatile.Read(ref _read);

    public ConcurrentQueue<string> Violations { get; } = new();

    public List<ObservedResult> Merges { get; } = [];

    public List<ObservedResult> Yields { get; } = [];

    public List<BatchProgress> Reports { get; } = [];

    /// <summary>Gets each UpdateWithResults the context received.</summary>
    public List<UpdateSeen> Updates { get; } = [];

    /// <summary>Gets the attempts of the item at <paramref name="index"/>, in order.</summary>
    public IReadOnlyList<Attempt> AttemptsOf(long index) => _attempts[index];

    /// <summary>The output an item's attempt writes: the merged output must be its last attempt's.</summary>
    public static int OutputOf(int item, int attempt) => (item * 16) + attempt;

    public BatchItems<int> Items() => Case.Source switch
    {
        EngineCase.SourceKind.Array => Enumerable.Range(0, Case.Count).Select(Counted).ToArray(),
        EngineCase.SourceKind.Lazy => new BatchItems<int>(Lazy()),
        EngineCase.SourceKind.AsyncCompleted => new BatchItems<int>(StreamAsync(yielding: false)),
        _ => new BatchItems<int>(StreamAsync(yielding: true)),
    };

    /// <summary>One attempt of an item: counted in flight, recorded, and doing what the case says.</summary>
    public async ValueTask RunItemAsync(ILedgerItem context, CancellationToken cancellationToken)
    {
        var item = context.Item;
        var attempt = new Attempt(Interlocked.Increment(ref _sequence)) { StartedAt = Time.GetUtcNow() };
        // Started once the caller's token read canceled (not merely once its Cancel began: the callbacks that call may run
        // long, inline, before the token reaches the engine's linked ones).
        if (attempt.Start > Interlocked.Read(ref _stopSequence) && Cancellation.IsCancellationRequested && Volatile.Read(ref _cancelReturned))
        {
            lock (Violations)
            {
                StartedAfterCancel++;
                if (LateStarts.Count < 8)
                {
                    LateStarts.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"item {item} at {Time.GetUtcNow():HH:mm:ss.fff} (token {(cancellationToken.IsCancellationRequested ? "canceled" : "not canceled")}, thread {Environment.CurrentManagedThreadId})"));
                }
            }
        }

        if (Interlocked.Exchange(ref _itemRunning[item], 1) != 0)
        {
            Violations.Enqueue($"item {item}: two attempts at once");
        }

        var attempts = _attempts[item];
        int number;
        lock (attempts)
        {
            attempts.Add(attempt);
            number = attempts.Count;
        }

        Raise(ref _maxInFlight, Interlocked.Increment(ref _inFlight));
        var partition = item % Partitions;
        Raise(ref _maxPartitionInFlight, Interlocked.Increment(ref _partitionInFlight[partition]));
        try
        {
            if (_cancels && Case.Cancel == EngineCase.CancelPoint.FromItem && item == Case.CancelAt && number == 1)
            {
                RequestCancel(); // inline: continuations of the other items run here, inside this one
            }

            switch (Case.Mix.Of(item))
            {
                case ItemMix.Behaviour.Yield:
                    await Task.Yield();
                    break;
                case ItemMix.Behaviour.Wait:
                    attempt.WaitFrom = Time.GetUtcNow();
                    using (cancellationToken.Register(() => attempt.CanceledAt = Time.GetUtcNow()))
                    {
                        // Set up with the clock held: Task.Delay arms its timer before it registers on the token, and the pump
                        // runs on while this thread may be descheduled in between, so the delay could elapse there unseen by
                        // a timeout that canceled its token first (PumpedTime.HoldStill).
                        Task delay;
                        using (Time.HoldStill())
                        {
                            delay = Task.Delay(WaitTime, Time, cancellationToken);
                        }

                        await delay;
                    }

                    break;
                case ItemMix.Behaviour.Throw:
                    await Throw(item, number);
                    break;
                case ItemMix.Behaviour.Flaky when number <= Case.Mix.FailuresOf(item):
                    await Throw(item, number);
                    break;
            }

            context.Output = OutputOf(item, number);
            attempt.End = AttemptEnd.Returned;
            attempt.TokenCanceled = cancellationToken.IsCancellationRequested;
            attempt.EndedAt = Time.GetUtcNow();
        }
        catch (OperationCanceledException)
        {
            attempt.End = AttemptEnd.Canceled;
            throw;
        }
        catch (ItemFailure failure)
        {
            attempt.End = AttemptEnd.Threw;
            attempt.Error = failure;
            throw;
        }
        finally
        {
            // Out of flight before the engine sees the attempt end: what is counted here never exceeds what it runs.
            Interlocked.Decrement(ref _partitionInFlight[partition]);
            Interlocked.Decrement(ref _inFlight);
            Volatile.Write(ref _itemRunning[item], 0);
        }
    }

    public void Merged<TContext>(ReadOnlySpan<BatchItemResult<TContext, int>> results)
        where TContext : class, ILedgerItem
    {
        if (Interlocked.Exchange(ref _merging, 1) != 0)
        {
            Violations.Enqueue("two merges overlapped or nested");
        }

        if (Updates.Count != 0)
        {
            Violations.Enqueue("a merge came after UpdateWithResults");
        }

        foreach (var result in results)
        {
            Merges.Add(ObservedResult.Of(result));
        }

        if (Case.Cancel == EngineCase.CancelPoint.FromMerge && Merges.Count >= Case.CancelAt)
        {
            RequestCancel(); // inline, inside the merge
        }

        Volatile.Write(ref _merging, 0);
    }

    public void Updated<TContext>(BatchResults<TContext, int> results)
        where TContext : class, ILedgerItem
    {
        Updates.Add(new UpdateSeen(
            results.Total, results.Succeeded, results.Failed, results.Canceled, results.Skipped, results.Resumed,
            results.Select(r => ObservedResult.Of(r)).ToList(), results.Failures.Select(r => ObservedResult.Of(r)).ToList()));
        if (Case.Cancel == EngineCase.CancelPoint.FromMerge && Case.Mode == EngineCase.RunMode.RunKeepingResults)
        {
            RequestCancel(); // the keep-results context's one merge: after every item finished
        }
    }

    /// <summary>The run returned, threw, or its stream ended: nothing reports after this.</summary>
    public void Ended() => Volatile.Write(ref _ended, true);

    /// <summary>A stream's consumer took a result.</summary>
    public void Yielded<TContext>(in BatchItemResult<TContext, int> result)
        where TContext : class, ILedgerItem
    {
        Yields.Add(ObservedResult.Of(result));
        if (Case.Cancel == EngineCase.CancelPoint.FromMerge && Yields.Count >= Case.CancelAt)
        {
            RequestCancel();
        }
    }

    /// <inheritdoc/>
    public void Report(BatchProgress value)
    {
        if (Interlocked.Increment(ref _reporting) != 1)
        {
            Violations.Enqueue($"two progress reports at once ({value})");
        }

        if (Volatile.Read(ref _ended))
        {
            Violations.Enqueue($"a progress report after the run ended ({value})");
        }

        lock (Reports)
        {
            Reports.Add(value);
        }

        Interlocked.Decrement(ref _reporting);

        if (Case.Cancel == EngineCase.CancelPoint.FromProgress && value.Completed + value.Canceled + value.Skipped >= Case.CancelAt)
        {
            RequestCancel();
        }
    }

    private void RequestCancel()
    {
        if (!_cancels || Interlocked.Exchange(ref _canceled, 1) != 0)
        {
            return;
        }

        // Noted before the cancel: an attempt that starts later raced it, at most one per slot of the limit.
        Interlocked.Exchange(ref _stopSequence, Interlocked.Increment(ref _sequence));
        CanceledAt = string.Create(CultureInfo.InvariantCulture, $"{Time.GetUtcNow():HH:mm:ss.fff} on thread {Environment.CurrentManagedThreadId}");
        try
        {
            Cancellation.Cancel();
        }
        finally
        {
            Volatile.Write(ref _cancelReturned, true);
        }
    }

    private static async ValueTask Throw(int item, int attempt)
    {
        if (item % 2 == 1)
        {
            await Task.Yield();
        }

        throw new ItemFailure(item, attempt);
    }

    private static void Raise(ref int max, int value)
    {
        var seen = Volatile.Read(ref max);
        while (value > seen && Interlocked.CompareExchange(ref max, value, seen) is var was && was != seen)
        {
            seen = was;
        }
    }

    private int Counted(int item)
    {
        Interlocked.Increment(ref _read);
        return item;
    }

    private IEnumerable<int> Lazy()
    {
        for (var i = 0; i < Case.Count; i++)
        {
            yield return Counted(i);
        }
    }

    private async IAsyncEnumerable<int> StreamAsync(bool yielding, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < Case.Count; i++)
        {
            if (yielding && i % 5 == 0)
            {
                await Task.Yield();
            }
            else
            {
                await Task.CompletedTask;
            }

            yield return Counted(i);
        }
    }

    /// <summary>How an attempt ended.</summary>
    public enum AttemptEnd { Running, Returned, Threw, Canceled }

    /// <summary>One attempt of an item, in the order it started among all attempts of the run.</summary>
    public sealed class Attempt(long start)
    {
        public long Start { get; } = start;

        public AttemptEnd End { get; set; }

        public Exception? Error { get; set; }

        /// <summary>Gets when it started and, if it returned, ended, on the pumped clock, and whether its token read canceled then: to tell a failure's story.</summary>
        public DateTimeOffset StartedAt { get; init; }

        public DateTimeOffset EndedAt { get; set; }

        public bool TokenCanceled { get; set; }

        public DateTimeOffset WaitFrom { get; set; }

        public DateTimeOffset? CanceledAt { get; set; }

        public override string ToString() => End == AttemptEnd.Returned
            ? string.Create(CultureInfo.InvariantCulture, $"Returned ({StartedAt:HH:mm:ss.fff}, waited from {WaitFrom:HH:mm:ss.fff} to {EndedAt:HH:mm:ss.fff}{(TokenCanceled ? ", token canceled" : "")}{(CanceledAt is { } at ? $" at {at:HH:mm:ss.fff}" : "")})")
            : End.ToString();
    }

    /// <summary>What UpdateWithResults received.</summary>
    public sealed record UpdateSeen(
        long Total, long Succeeded, long Failed, long Canceled, long Skipped, long Resumed, List<ObservedResult> Results, List<ObservedResult> Failures);
}
