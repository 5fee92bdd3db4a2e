namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>A unit of work that is both disposable and async disposable, as a <c>DbContext</c> is; its async disposal yields first (or waits for the test).</summary>
public sealed class DualDisposableUnitOfWork(ScopeProbe probe) : UnitOfWork(probe), IDisposable, IAsyncDisposable
{
    public void Dispose() => OnDisposed(nameof(Dispose));

    public async ValueTask DisposeAsync()
    {
        await Probe.BeforeAsyncDisposal();
        OnDisposed(nameof(DisposeAsync));
    }
}
