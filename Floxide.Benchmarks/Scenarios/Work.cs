using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Floxide.Benchmarks.Scenarios;

/// <summary>
/// The per-item work. Every contender calls exactly these methods for every item, so the only
/// difference between contenders is how they schedule the calls and collect the outputs.
/// </summary>
public static class Work
{
    /// <summary>The synchronous work of one item (trivial, cpu and stream scenarios).</summary>
    /// <param name="spec">The scenario.</param>
    /// <param name="item">The item.</param>
    /// <returns>The item's output.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Compute(WorkSpec spec, int item) =>
        spec.Kind == ScenarioKind.Cpu ? Cpu(item, spec.CpuIterations) : Trivial(item);

    /// <summary>The asynchronous work of one item (io scenario): wait the latency, then the trivial work.</summary>
    /// <param name="spec">The scenario.</param>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The item's output.</returns>
    public static async ValueTask<long> ComputeAsync(WorkSpec spec, int item, CancellationToken cancellationToken)
    {
        await Task.Delay(spec.Latency, cancellationToken).ConfigureAwait(false);
        return Trivial(item);
    }

    /// <summary>A few arithmetic operations.</summary>
    /// <param name="item">The item.</param>
    /// <returns>A value derived from the item.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Trivial(int item) => unchecked(((long)item * 2654435761L) ^ (item >> 3)) + 17;

    /// <summary>A dependent xorshift chain: cannot be vectorised or folded away.</summary>
    /// <param name="item">The item (the seed).</param>
    /// <param name="iterations">How many steps.</param>
    /// <returns>The last state.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Cpu(int item, int iterations)
    {
        var x = (ulong)item + 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < iterations; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }

        return (long)x;
    }

    /// <summary>Finds how many <see cref="Cpu"/> iterations take about <paramref name="target"/> on this machine.</summary>
    /// <param name="target">The wanted duration of one item.</param>
    /// <returns>The iteration count.</returns>
    public static int CalibrateCpuIterations(TimeSpan target)
    {
        const int Probe = 100_000;
        long sink = 0;
        var best = double.MaxValue;
        for (var round = 0; round < 7; round++)
        {
            var start = Stopwatch.GetTimestamp();
            sink += Cpu(round, Probe);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        GC.KeepAlive(sink);
        return Math.Max(1, (int)(Probe * target.TotalMicroseconds / best));
    }

    /// <summary>The sum of every item's output: each contender's outputs must add up to it.</summary>
    /// <param name="spec">The scenario.</param>
    /// <param name="count">The number of items (0 .. count - 1).</param>
    /// <returns>The expected checksum.</returns>
    public static long ExpectedChecksum(WorkSpec spec, int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum = unchecked(sum + (spec.IsAsync ? Trivial(i) : Compute(spec, i)));
        }

        return sum;
    }
}
