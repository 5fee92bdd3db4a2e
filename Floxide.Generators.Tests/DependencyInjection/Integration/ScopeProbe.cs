using System.Collections.Concurrent;
using Floxide.Generators.Tests.Workflows.Integration;

namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>
/// What the scoped-node tests see, one per test: every unit of work's history in order, the problems the units reported,
/// and how many were in use at once; and what the steps do: hold the first runs until that many are in at once, wait for
/// cancellation, or throw.
/// </summary>
public sealed class ScopeProbe
{
    private readonly ConcurrentQueue<ScopeEvent> _events = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentDictionary<(int Order, string Step), int> _runs = new();
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _disposalsReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _units;
    private int _arrived;

    /// <summary>Gets how many step runs are held until that many are in at once: they overlap for certain, not by timing.</summary>
    public int Hold { get; init; }

    /// <summary>Gets whether each step run, once past the hold, waits until its token is canceled.</summary>
    public bool WaitForCancellation { get; init; }

    /// <summary>
    /// Gets a source each step run cancels, then observes the run's token: a run canceled while it runs, with no thread
    /// switch before its scope's disposal starts.
    /// </summary>
    public CancellationTokenSource? CancelWhileRunning { get; init; }

    /// <summary>Gets or sets whether async disposals wait for <see cref="ReleaseDisposals"/> (set after creating the scoped node, whose own scope must dispose).</summary>
    public bool HoldDisposals { get; set; }

    /// <summary>Gets what a step run throws, given its order, its step and its run (1 for the first run of that step for that order); null succeeds.</summary>
    public Func<int, string, int, Exception?> Fail { get; init; } = static (_, _, _) => null;

    /// <summary>Gets what a unit's disposal throws, given the last order that used it (0 for none); null disposes quietly.</summary>
    public Func<int, Exception?> DisposalFailure { get; init; } = static _ => null;

    /// <summary>Gets the units in use now and at most.</summary>
    public InFlightCounter InUse { get; } = new();

    public int UnitsCreated => Volatile.Read(ref _units);

    public IReadOnlyList<ScopeEvent> Events => [.. _events];

    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>Completes when the held runs are all in (with a generous bound against a hang, never a sleep).</summary>
    public Task Held => _held.Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Gets what happened to unit <paramref name="unit"/>, in order: "created", "used", "disposed by ...".</summary>
    public IReadOnlyList<string> History(int unit) => [.. Events.Where(e => e.Unit == unit).Select(e => e.What)];

    /// <summary>Gets the units the runs of <paramref name="order"/> used, one entry per step run, in order.</summary>
    public IReadOnlyList<(int Unit, string Step)> UsesBy(int order) =>
        [.. Events.Where(e => e.What == "used" && e.Order == order).Select(e => (e.Unit, e.Step!))];

    /// <summary>Gets where in <see cref="Events"/> the first event matching <paramref name="match"/> is.</summary>
    public int IndexOf(Func<ScopeEvent, bool> match) => Events.Select((e, i) => (e, i)).First(x => match(x.e)).i;

    /// <summary>One step run on <paramref name="unit"/>: held, waiting or failing as this probe says.</summary>
    public async Task RunStepAsync(UnitOfWork unit, int order, string step, CancellationToken cancellationToken)
    {
        unit.Enter(order, step);
        InUse.Enter();
        try
        {
            var run = _runs.AddOrUpdate((order, step), 1, static (_, runs) => runs + 1);
            var arrived = Interlocked.Increment(ref _arrived);
            if (arrived <= Hold)
            {
                if (arrived == Hold)
                {
                    _held.TrySetResult();
                }

                await _held.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            if (WaitForCancellation)
            {
                await new TaskCompletionSource().Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            if (CancelWhileRunning is { } cancellation)
            {
                cancellation.Cancel(); // not CancelAsync: no thread switch
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (Fail(order, step, run) is { } failure)
            {
                throw failure;
            }
        }
        finally
        {
            InUse.Exit();
            unit.Exit();
        }
    }

    /// <summary>Lets the async disposals held by <see cref="HoldDisposals"/> finish.</summary>
    public void ReleaseDisposals() => _disposalsReleased.TrySetResult();

    /// <summary>What an async disposal waits for first: a yield, or the test's release.</summary>
    internal async Task BeforeAsyncDisposal()
    {
        if (HoldDisposals)
        {
            await _disposalsReleased.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        else
        {
            await Task.Yield();
        }
    }

    internal int Created()
    {
        var unit = Interlocked.Increment(ref _units);
        _events.Enqueue(new ScopeEvent(unit, "created"));
        return unit;
    }

    internal void Used(int unit, int order, string step) => _events.Enqueue(new ScopeEvent(unit, "used", order, step));

    internal void Disposed(int unit, string method) => _events.Enqueue(new ScopeEvent(unit, "disposed by " + method));

    internal void Problem(string problem) => _problems.Enqueue(problem);
}
