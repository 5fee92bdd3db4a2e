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

    /// <summary>
    /// A sequence of 0 to <paramref name="count"/> - 1 whose enumerator throws when disposed (a reader over a file lost
    /// meanwhile), and first, when <paramref name="failAt"/> is given, when asked for that item.
    /// </summary>
    public static IEnumerable<int> ThrowingOnDispose(int count, int? failAt = null) => new DisposeThrowing(count, failAt);

    /// <summary>A stream of 0 to <paramref name="count"/> - 1 whose enumerator throws when disposed.</summary>
    public static IAsyncEnumerable<int> ThrowingOnDisposeAsync(int count) => new DisposeThrowing(count);

    /// <summary>
    /// A collection of 0 to <paramref name="count"/> - 1 (its count known without enumerating it) whose enumerator tells
    /// <paramref name="asked"/> which item each MoveNext is asked for, on the reading thread, before answering; the call
    /// that finds the end is told <paramref name="count"/>.
    /// </summary>
    public static ICollection<int> Watched(int count, Action<int> asked) => new WatchedItems(count, asked);

    /// <summary>A source that yields 0 to <paramref name="count"/> - 1 and fails to close, synchronously or not.</summary>
    private sealed class DisposeThrowing(int count, int? failAt = null) : IEnumerable<int>, IEnumerator<int>, IAsyncEnumerable<int>, IAsyncEnumerator<int>
    {
        public int Current { get; private set; } = -1;

        object System.Collections.IEnumerator.Current => Current;

        public IEnumerator<int> GetEnumerator() => this;

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => this;

        public IAsyncEnumerator<int> GetAsyncEnumerator(CancellationToken cancellationToken = default) => this;

        public bool MoveNext() => ++Current == failAt ? throw new IOException("the disk went away midway") : Current < count;

        public ValueTask<bool> MoveNextAsync() => ValueTask.FromResult(MoveNext());

        public void Reset() => throw new NotSupportedException();

        public void Dispose() => throw new IOException("the file closed under the reader");

        public ValueTask DisposeAsync() => ValueTask.FromException(new IOException("the stream closed under the reader"));
    }

    private sealed class WatchedItems(int count, Action<int> asked) : ICollection<int>
    {
        public int Count => count;

        public bool IsReadOnly => true;

        public IEnumerator<int> GetEnumerator()
        {
            for (var i = 0; ; i++)
            {
                asked(i);
                if (i == count)
                {
                    yield break;
                }

                yield return i;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public bool Contains(int item) => item >= 0 && item < count;

        public void CopyTo(int[] array, int arrayIndex) => throw new NotSupportedException("read it through its enumerator");

        public void Add(int item) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();

        public bool Remove(int item) => throw new NotSupportedException();
    }
}
