namespace Floxide.Benchmarks.Compare;

/// <summary>
/// Runs several sides of one comparison in one process, interleaved: warm-up runs of each (every path JIT-compiled, and
/// tiered up), then rounds whose order rotates, so drift and load from elsewhere hit every side alike.
/// </summary>
public static class InterleavedRuns
{
    /// <summary>Measures every side <paramref name="rounds"/> times and returns each side's median.</summary>
    /// <param name="sides">Each side's run, returning its rate (items per second).</param>
    /// <param name="rounds">How many measured runs each side gets.</param>
    /// <param name="warmUps">How many unmeasured runs each side gets first.</param>
    /// <returns>The medians, in the order of <paramref name="sides"/>.</returns>
    public static async Task<double[]> MediansAsync(IReadOnlyList<Func<Task<double>>> sides, int rounds, int warmUps = 1)
    {
        for (var w = 0; w < warmUps; w++)
        {
            foreach (var side in sides)
            {
                await side().ConfigureAwait(false);
            }
        }

        var rates = sides.Select(_ => new List<double>(rounds)).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < sides.Count; k++)
            {
                var at = (k + round) % sides.Count;
                rates[at].Add(await sides[at]().ConfigureAwait(false));
            }
        }

        return rates.Select(CompareCommand.Median).ToArray();
    }
}
