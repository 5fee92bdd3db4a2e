namespace Floxide.Runtime.Tests.Support;

/// <summary>A progress reporter that throws on every report, counting them; <see cref="Reported"/> is set at the first.</summary>
public sealed class ThrowingProgress : IProgress<BatchProgress>
{
    private int _calls;

    public InvalidOperationException Thrown { get; } = new("the console went away");

    public int Calls => Volatile.Read(ref _calls);

    public Signal Reported { get; } = new();

    public void Report(BatchProgress value)
    {
        Interlocked.Increment(ref _calls);
        Reported.Set();
        throw Thrown;
    }
}
