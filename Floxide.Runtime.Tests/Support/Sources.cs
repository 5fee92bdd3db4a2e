using System.Runtime.CompilerServices;

namespace Floxide.Runtime.Tests.Support;

/// <summary>Item sources that behave like the ones users bring: lazy, streamed, failing.</summary>
public static class Sources
{
    /// <summary>A lazy sequence whose count is unknown until enumerated.</summary>
    public static IEnumerable<int> Lazy(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i;
        }
    }

    /// <summary>A lazy sequence that throws after <paramref name="failAfter"/> items.</summary>
    public static IEnumerable<int> FailingAfter(int failAfter)
    {
        for (var i = 0; ; i++)
        {
            if (i == failAfter)
            {
                throw new IOException("disk went away");
            }

            yield return i;
        }
    }

    /// <summary>An asynchronous stream that counts what has been read from it.</summary>
    public static async IAsyncEnumerable<int> Stream(int count, StrongBox<long> read, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            if (i % 1024 == 0)
            {
                await Task.Yield();
            }

            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Increment(ref read.Value);
            yield return i;
        }
    }
}
