namespace Floxide.Orleans.Tests;

/// <summary>Tests on the shared cluster whose probe (the silos' hooks and records) starts and ends each test empty.</summary>
public abstract class ProbedClusterTests : IDisposable
{
    protected ProbedClusterTests(ClusterFixture fixture)
    {
        Fixture = fixture;
        fixture.Probe.Reset();
    }

    protected ClusterFixture Fixture { get; }

    protected ClusterProbe Probe => Fixture.Probe;

    public void Dispose()
    {
        Fixture.Probe.Reset();
        GC.SuppressFinalize(this);
    }
}
