namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>A unit of work that is only <see cref="IDisposable"/>.</summary>
public sealed class DisposableUnitOfWork(ScopeProbe probe) : UnitOfWork(probe), IDisposable
{
    public void Dispose() => OnDisposed(nameof(Dispose));
}
