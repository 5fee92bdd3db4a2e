namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>Counts concurrent entries and remembers the most seen at once.</summary>
public sealed class InFlightCounter
{
    private int _current;
    private int _max;

    public int Max => Volatile.Read(ref _max);

    public void Enter()
    {
        var now = Interlocked.Increment(ref _current);
        for (var seen = Volatile.Read(ref _max); now > seen; seen = Volatile.Read(ref _max))
        {
            if (Interlocked.CompareExchange(ref _max, now, seen) == seen)
            {
                break;
            }
        }
    }

    public void Exit() => Interlocked.Decrement(ref _current);
}
