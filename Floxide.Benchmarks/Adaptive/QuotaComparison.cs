using System.Globalization;
using Floxide.Benchmarks.Compare;

namespace Floxide.Benchmarks.Adaptive;

/// <summary>
/// What <see cref="AdaptiveConcurrency.RetryAfter"/> is for (<c>compare quota</c>): a batch of HTTP calls against a
/// metered API, <see cref="ThrottlingServer"/> with a quota of 100 requests a second and no limit on requests at once,
/// which answers 429 with the time left until the next second. Every contender has the same retry pipeline, which
/// waits as long as a 429 says. Adaptive concurrency that also pauses the whole batch for that time runs against
/// adaptive concurrency alone and fixed p = 4 and p = 64. Prints
/// <c>ratio quota_pause vs_adaptive=w vs_fixed_low=x vs_fixed_high=y failed=n</c> (throughput ratios; n: the pausing
/// contender's items that failed after every retry) and <c>quota failed ...</c> and <c>quota 429s ...</c> lines for all four.
/// </summary>
public static class QuotaComparison
{
    private const int Quota = 100;
    private const int Ceiling = 64;
    private static readonly TimeSpan ServiceTime = TimeSpan.FromMilliseconds(20);

    /// <summary>Runs the comparison.</summary>
    /// <param name="args">Options: <c>--rounds N</c> (default 2), <c>--items N</c> (default 1000).</param>
    /// <returns>The exit code: 0.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = CommandOptions.Int(args, "--rounds") ?? 2;
        var items = CommandOptions.Int(args, "--items") ?? 1000;
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        Console.Error.WriteLine(
            $"# quota: the server serves {Quota} requests a second ({ServiceTime.TotalMilliseconds} ms each, any number at once) and answers 429 " +
            $"with the time left until the next second beyond that; {items} items; every contender makes up to 4 attempts");

        await using var server = await ThrottlingServer.StartAsync(int.MaxValue, ServiceTime, retryAfterSeconds: null, quotaPerSecond: Quota).ConfigureAwait(false);

        // First with a pipeline that waits as each 429 says, then with the one [Retry] declares, which cannot read the
        // wait: its backoff (200, 400, 800 ms) retries into the same exhausted second unless the batch pauses.
        await CompareAsync("quota", honourRetryAfter: true, server, client, rounds, items).ConfigureAwait(false);
        await CompareAsync("quota_backoff", honourRetryAfter: false, server, client, rounds, items).ConfigureAwait(false);
        return 0;
    }

    private static async Task CompareAsync(string label, bool honourRetryAfter, ThrottlingServer server, HttpClient client, int rounds, int items)
    {
        var pipeline = AdaptiveComparison.RetryPipeline(honourRetryAfter);
        var names = new[] { "pause", "adaptive", "fixed_low", "fixed_high" };
        var runs = await AdaptiveComparison.RunContendersAsync(
            label,
            [
                (names[0], new BatchOptions
                {
                    MaxDegreeOfParallelism = Ceiling,
                    ResiliencePipeline = pipeline,
                    AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = ex => (ex as ThrottledException)?.RetryAfter },
                }),
                (names[1], new BatchOptions { MaxDegreeOfParallelism = Ceiling, ResiliencePipeline = pipeline, AdaptiveConcurrency = new AdaptiveConcurrency() }),
                (names[2], new BatchOptions { MaxDegreeOfParallelism = 4, ResiliencePipeline = pipeline }),
                (names[3], new BatchOptions { MaxDegreeOfParallelism = Ceiling, ResiliencePipeline = pipeline }),
            ],
            server,
            client,
            rounds,
            items).ConfigureAwait(false);

        var throughput = runs.ToDictionary(r => r.Key, r => CompareCommand.Median(r.Value.Select(x => x.ItemsPerSecond)));
        var pause = throughput[names[0]];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ratio {label}_pause vs_adaptive={pause / throughput[names[1]]:F2} vs_fixed_low={pause / throughput[names[2]]:F2} " +
            $"vs_fixed_high={pause / throughput[names[3]]:F2} failed={runs[names[0]].Sum(x => x.Failed)}"));
        Console.WriteLine($"{label} failed {string.Join(' ', names.Select(n => $"{n}={runs[n].Sum(x => x.Failed)}"))}");
        Console.WriteLine($"{label} 429s {string.Join(' ', names.Select(n => $"{n}={runs[n].Sum(x => x.Rejected)}"))}");
    }
}
