namespace Floxide.Runtime.Tests.Support;

/// <summary>Tracks a concurrent count and the highest value it reached.</summary>
public sealed class Watermark
{
    private int _current;
    private int _max;

    public int Current => Volatile.Read(ref _current);

    public int Max => Volatile.Read(ref _max);

    public int Enter()
    {
        var now = Interlocked.Increment(ref _current);
        int seen;
        while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
        {
        }

        return now;
    }

    public void Exit() => Interlocked.Decrement(ref _current);
}
