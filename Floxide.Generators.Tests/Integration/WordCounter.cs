namespace Floxide.Generators.Tests.Integration;

/// <summary>Thread-safe state shared by every item context.</summary>
public sealed class WordCounter
{
    private int _count;

    public int Count => _count;

    public void Increment() => Interlocked.Increment(ref _count);
}
