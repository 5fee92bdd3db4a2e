namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>
/// A unit of work that is only <see cref="IAsyncDisposable"/> (a scope disposed synchronously throws for it), and whose
/// disposal yields first (or waits for the test, <see cref="ScopeProbe.HoldDisposals"/>), so only an awaited disposal is over when the run ends.
/// </summary>
public sealed class AsyncDisposableUnitOfWork(ScopeProbe probe) : UnitOfWork(probe), IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Probe.BeforeAsyncDisposal();
        OnDisposed(nameof(DisposeAsync));
    }
}
