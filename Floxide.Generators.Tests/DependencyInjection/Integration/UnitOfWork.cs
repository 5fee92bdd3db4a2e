namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>
/// The scoped service of the scoped-node tests, a stand-in for a <c>DbContext</c>: numbered as the container creates it,
/// it tells its <see cref="ScopeProbe"/> who used it and how it was disposed, and reports a use by two runs at once, a
/// use after its disposal and a disposal during a run.
/// </summary>
public abstract class UnitOfWork
{
    private readonly ScopeProbe _probe;
    private int _users;
    private int _disposals;
    private int _order;

    protected UnitOfWork(ScopeProbe probe)
    {
        _probe = probe;
        Number = probe.Created();
    }

    /// <summary>Gets the unit's number: 1 for the first the container created, and so on.</summary>
    public int Number { get; }

    /// <summary>Gets the probe the unit tells.</summary>
    protected ScopeProbe Probe => _probe;

    /// <summary>A run of a step starts using the unit.</summary>
    public void Enter(int order, string step)
    {
        if (Interlocked.Increment(ref _users) > 1)
        {
            _probe.Problem($"unit {Number} used by two runs at once (order {order}, step {step})");
        }

        if (Volatile.Read(ref _disposals) > 0)
        {
            _probe.Problem($"unit {Number} used after its disposal (order {order}, step {step})");
        }

        Volatile.Write(ref _order, order);
        _probe.Used(Number, order, step);
    }

    /// <summary>The run of the step is done with the unit.</summary>
    public void Exit() => Interlocked.Decrement(ref _users);

    protected void OnDisposed(string method)
    {
        if (Volatile.Read(ref _users) > 0)
        {
            _probe.Problem($"unit {Number} disposed while a run used it");
        }

        Interlocked.Increment(ref _disposals);
        _probe.Disposed(Number, method);
        if (_probe.DisposalFailure(Volatile.Read(ref _order)) is { } failure)
        {
            throw failure;
        }
    }
}
