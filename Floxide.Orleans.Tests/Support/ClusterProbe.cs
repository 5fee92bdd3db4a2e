using Microsoft.Extensions.Logging.Testing;

namespace Floxide.Orleans.Tests;

/// <summary>
/// What the silos of one in-process test cluster report: where each item started, how many ran at once on the
/// live silos, and a hook each test uses to hold, block or fail items. Shared by the silos through their services.
/// </summary>
public sealed class ClusterProbe
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly List<ItemStart> _starts = [];
    private string? _lostSilo;
    private bool _lostSiloDown;
    private int _maxInFlight;

    /// <summary>Gets what the cluster's client logged in Floxide's categories (the coordinator's executor events).</summary>
    public FakeLogCollector CoordinatorLogs { get; } = new();

    /// <summary>Gets the calls the cluster's item grains took.</summary>
    public ItemGrainCalls GrainCalls { get; } = new();

    /// <summary>Gets or sets what runs on the silo before an item is squared (item, silo, token); null runs nothing.</summary>
    public Func<int, string, CancellationToken, Task>? Hook { get; set; }

    /// <summary>Gets the most items ever running at once on silos not lost.</summary>
    public int MaxInFlight
    {
        get
        {
            lock (_gate)
            {
                return _maxInFlight;
            }
        }
    }

    /// <summary>Gets every item start so far.</summary>
    public IReadOnlyList<ItemStart> Starts
    {
        get
        {
            lock (_gate)
            {
                return [.. _starts];
            }
        }
    }

    /// <summary>Forgets everything, for the next test on the same cluster.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _inFlight.Clear();
            _starts.Clear();
            _lostSilo = null;
            _lostSiloDown = false;
            _maxInFlight = 0;
            Hook = null;
        }

        GrainCalls.Reset();
        CoordinatorLogs.Clear();
    }

    /// <summary>
    /// Stops counting <paramref name="silo"/> in <see cref="MaxInFlight"/>, before it is killed: what still runs on it
    /// then is abandoned work whose result is never merged, while its items are retried elsewhere.
    /// </summary>
    public void Losing(string silo)
    {
        lock (_gate)
        {
            _lostSilo = silo;
        }
    }

    /// <summary>Marks the lost silo as down: a start on it from now on is a start after the kill.</summary>
    public void Lost()
    {
        lock (_gate)
        {
            _lostSiloDown = true;
        }
    }

    /// <summary>Records that the item of <paramref name="itemContext"/> starts on <paramref name="silo"/>; dispose when it ends.</summary>
    public IDisposable Enter(SquareBatch itemContext, string silo)
    {
        lock (_gate)
        {
            _starts.Add(new ItemStart(itemContext.Number, silo, _lostSiloDown && silo == _lostSilo, itemContext));
            _inFlight[silo] = _inFlight.GetValueOrDefault(silo) + 1;
            var live = _inFlight.Where(s => s.Key != _lostSilo).Sum(s => s.Value);
            _maxInFlight = Math.Max(_maxInFlight, live);
        }

        return new Exit(this, silo);
    }

    /// <summary>Runs the test's hook, if any.</summary>
    public Task BeforeSquare(int item, string silo, CancellationToken cancellationToken) =>
        Hook?.Invoke(item, silo, cancellationToken) ?? Task.CompletedTask;

    private void Leave(string silo)
    {
        lock (_gate)
        {
            _inFlight[silo]--;
        }
    }

    /// <summary>One item start: the item, the silo, whether the silo was already down (killed or stopped), and the item context the silo built.</summary>
    public sealed record ItemStart(int Item, string Silo, bool AfterSiloLost, SquareBatch ItemContext);

    private sealed class Exit(ClusterProbe probe, string silo) : IDisposable
    {
        public void Dispose() => probe.Leave(silo);
    }
}
