using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Floxide.Benchmarks.Compare;
using Polly;
using Polly.Retry;

namespace Floxide.Benchmarks.Adaptive;

/// <summary>
/// The proof of adaptive concurrency (<c>compare adaptive</c>, also part of <c>compare</c>): a batch of
/// HTTP calls against <see cref="ThrottlingServer"/> (12 at once), with the same retry pipeline for every
/// contender: adaptive concurrency (ceiling 64) against fixed p = 4 and p = 64. Prints
/// <c>ratio adaptive vs_fixed_low=x vs_fixed_high=y failed=n</c> (adaptive's throughput over each fixed one's; n:
/// adaptive items that failed after every retry) for a server that answers a bare 429 beyond its capacity, the same
/// line as <c>ratio adaptive_retry_after ...</c> for one that also sends <c>Retry-After: 1</c>, and as
/// <c>ratio adaptive_queueing ...</c>, with a <c>latency adaptive_queueing p50 ...</c> line, for one that queues
/// instead (the adaptive contender then uses its latency signal); and draws the level over time. Beside them runs
/// fixed p = 12, the level a client that knew the capacity would pick, and each comparison prints
/// <c>bound {label} vs_fixed_high=z adaptive_of_bound=w server_ceiling_vs_fixed_high=c</c>: what that client wins against
/// p = 64, the share of its throughput adaptive reaches, and what even the server's own ceiling (12 requests of 20 ms at
/// once) would win against p = 64, which no client can beat.
/// </summary>
public static class AdaptiveComparison
{
    private const int Capacity = 12;
    private const int Ceiling = 64;
    private static readonly TimeSpan ServiceTime = TimeSpan.FromMilliseconds(20);

    /// <summary>Runs the comparison.</summary>
    /// <param name="args">Options: <c>--rounds N</c> (default 3), <c>--items N</c> (default 3000), <c>--no-chart</c>, <c>--out DIR</c>.</param>
    /// <returns>The exit code: 0.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = CommandOptions.Int(args, "--rounds") ?? 3;
        var items = CommandOptions.Int(args, "--items") ?? 3000;
        using var client = new HttpClient(Handler());
        Console.Error.WriteLine(
            $"# adaptive: the server serves {Capacity} requests at once ({ServiceTime.TotalMilliseconds} ms each) and answers 429 beyond (or queues); " +
            $"{items} items; every contender makes up to 4 attempts on HttpRequestException, waiting as a 429's Retry-After says, else 200 ms exponential backoff with jitter");

        // The server the issue describes (a bare 429), then one that also sends Retry-After: 1, which paces a client
        // that honours it by itself and so leaves adaptive concurrency less to win.
        var plain = new AdaptiveConcurrency();
        AdaptiveRun adaptive;
        await using (var server = await ThrottlingServer.StartAsync(Capacity, ServiceTime, retryAfterSeconds: null).ConfigureAwait(false))
        {
            adaptive = await CompareAsync("adaptive", server, plain, client, rounds, items).ConfigureAwait(false);
        }

        await using (var server = await ThrottlingServer.StartAsync(Capacity, ServiceTime, retryAfterSeconds: 1).ConfigureAwait(false))
        {
            await CompareAsync("adaptive_retry_after", server, plain, client, rounds, items).ConfigureAwait(false);
        }

        // A server that never says 429 but queues: only latency tells the client it is past the capacity, so the
        // adaptive contender counts a request slower than twice the unloaded service time as a throttling signal.
        await using (var server = await ThrottlingServer.StartAsync(Capacity, ServiceTime, retryAfterSeconds: null, queues: true).ConfigureAwait(false))
        {
            await CompareAsync("adaptive_queueing", server, new AdaptiveConcurrency { LatencyThreshold = 2 * ServiceTime }, client, rounds, items).ConfigureAwait(false);
        }

        if (!args.Contains("--no-chart"))
        {
            var outDir = CommandOptions.Value(args, "--out") ?? RepositoryPaths.DocsDirectory();
            Directory.CreateDirectory(outDir);
            var path = AdaptiveChart.Write(adaptive, Capacity, Path.Combine(outDir, "adaptive-concurrency.png"));
            Console.Error.WriteLine($"# wrote {path}");
        }

        return 0;
    }

    /// <summary>The handler every contender's client sends with: connections kept for the whole run.</summary>
    /// <returns>The handler.</returns>
    internal static SocketsHttpHandler Handler() => new() { PooledConnectionLifetime = Timeout.InfiniteTimeSpan };

    /// <summary>
    /// Runs the four contenders in rotating order against one server and prints
    /// <c>ratio {label} vs_fixed_low=x vs_fixed_high=y failed=n</c> and <c>bound {label} ...</c> (and, for a queueing server, the latencies);
    /// returns adaptive's last run, for the chart.
    /// </summary>
    private static async Task<AdaptiveRun> CompareAsync(
        string label, ThrottlingServer server, AdaptiveConcurrency settings, HttpClient client, int rounds, int items)
    {
        var runs = await RunContendersAsync(
            label,
            [
                ("adaptive", new BatchOptions { MaxDegreeOfParallelism = Ceiling, AdaptiveConcurrency = settings }),
                ("fixed_low", new BatchOptions { MaxDegreeOfParallelism = 4 }),
                ("fixed_high", new BatchOptions { MaxDegreeOfParallelism = Ceiling }),
                ("fixed_capacity", new BatchOptions { MaxDegreeOfParallelism = Capacity }),
            ],
            server,
            _ => client,
            rounds,
            items).ConfigureAwait(false);

        var adaptive = CompareCommand.Median(runs["adaptive"].Select(x => x.ItemsPerSecond));
        var low = CompareCommand.Median(runs["fixed_low"].Select(x => x.ItemsPerSecond));
        var high = CompareCommand.Median(runs["fixed_high"].Select(x => x.ItemsPerSecond));
        var knowing = CompareCommand.Median(runs["fixed_capacity"].Select(x => x.ItemsPerSecond));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ratio {label} vs_fixed_low={adaptive / low:F2} vs_fixed_high={adaptive / high:F2} failed={runs["adaptive"].Sum(x => x.Failed)}"));

        // What a client told the capacity wins against p = 64 (it meets no 429), and what the server's own ceiling would.
        var ceiling = Capacity / ServiceTime.TotalSeconds;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"bound {label} vs_fixed_high={knowing / high:F2} adaptive_of_bound={adaptive / knowing:F2} server_ceiling_vs_fixed_high={ceiling / high:F2}"));
        if (server.Queues)
        {
            var p50 = runs.ToDictionary(r => r.Key, r => CompareCommand.Quantile(r.Value.SelectMany(x => x.Latencies), 0.5));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"latency {label} p50 adaptive={p50["adaptive"]:F0}ms fixed_low={p50["fixed_low"]:F0}ms fixed_high={p50["fixed_high"]:F0}ms fixed_capacity={p50["fixed_capacity"]:F0}ms"));
        }

        return runs["adaptive"][^1];
    }

    /// <summary>
    /// Warms each contender up, then runs them <paramref name="rounds"/> times in rotating order against one server,
    /// prints a line per contender (throughput, failures, 429s, served latency) and returns each one's runs.
    /// </summary>
    /// <param name="label">What the lines are about.</param>
    /// <param name="contenders">Each contender's name and options (without a pipeline of their own, they get <see cref="RetryPipeline"/>'s that honours a Retry-After).</param>
    /// <param name="server">The server.</param>
    /// <param name="clientOf">The client a contender, by name, calls it with.</param>
    /// <param name="rounds">How many measured runs each contender gets.</param>
    /// <param name="items">How many items each measured run has.</param>
    /// <returns>Each contender's measured runs, by name.</returns>
    internal static async Task<Dictionary<string, List<AdaptiveRun>>> RunContendersAsync(
        string label,
        (string Name, BatchOptions Options)[] contenders,
        ThrottlingServer server,
        Func<string, HttpClient> clientOf,
        int rounds,
        int items)
    {
        foreach (var (name, options) in contenders)
        {
            await RunOnceAsync(name, options, clientOf(name), server, 100).ConfigureAwait(false); // warm-up: JIT, connections
        }

        var runs = contenders.ToDictionary(c => c.Name, _ => new List<AdaptiveRun>());
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < contenders.Length; k++)
            {
                var (name, options) = contenders[(k + round) % contenders.Length];
                runs[name].Add(await RunOnceAsync(name, options, clientOf(name), server, items).ConfigureAwait(false));
            }
        }

        var serverName = server switch
        {
            { QuotaPerSecond: { } quota } => $"{quota} requests a second",
            { Queues: true } => "queueing",
            { RetryAfterSeconds: { } s } => $"429 with Retry-After: {s}",
            _ => "bare 429",
        };
        foreach (var (name, options) in contenders)
        {
            var list = runs[name];
            var served = list.SelectMany(x => x.Latencies).ToList();
            var level = options.AdaptiveConcurrency is null ? $"p={options.MaxDegreeOfParallelism}" : $"adaptive, ceiling {options.MaxDegreeOfParallelism}";
            Console.Error.WriteLine(
                $"# {label}, {serverName}, {name} ({level}): " +
                $"{CompareCommand.Median(list.Select(x => x.ItemsPerSecond)):N0} items/s median of {list.Count}, " +
                $"{list.Sum(x => x.Failed)} failed, {list.Sum(x => x.Rejected)} requests answered 429, " +
                $"served in {CompareCommand.Quantile(served, 0.5):F0} ms (median) / {CompareCommand.Quantile(served, 0.99):F0} ms (p99)");
        }

        return runs;
    }

    private static async Task<AdaptiveRun> RunOnceAsync(string name, BatchOptions options, HttpClient client, ThrottlingServer server, int count)
    {
        var inFlight = 0;
        var latencies = new ConcurrentQueue<double>();
        var work = Node.CreateAsync<CallBatch>("call", async (context, token) =>
        {
            Interlocked.Increment(ref inFlight);
            try
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await context.Client.GetAsync(new Uri(context.Address, $"/work/{context.Item}"), token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    throw new ThrottledException(ThrottlingSignals.RetryAfterOf(response));
                }

                response.EnsureSuccessStatusCode();
                latencies.Enqueue(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        });
        options = options.ResiliencePipeline is null ? options with { ResiliencePipeline = RetryPipeline(honourRetryAfter: true) } : options;
        var batch = new CallBatch { Items = Enumerable.Range(0, count).ToArray(), Client = client, Address = server.Address };
        var rejectedBefore = server.Rejected;
        var levels = new ConcurrentQueue<(double, int)>();
        var samples = new List<(double, int)>();
        var started = Stopwatch.GetTimestamp();
        var progress = new SyncProgress(p => levels.Enqueue((Stopwatch.GetElapsedTime(started).TotalSeconds, p.ConcurrencyLevel)));
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                samples.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, Volatile.Read(ref inFlight)));
            }
        });

        var report = await new BatchFlow<CallBatch, int>(work, options, name).RunAsync(batch, progress).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await sampler.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return new AdaptiveRun(name, report.Succeeded / elapsed.TotalSeconds, report.Failed, server.Rejected - rejectedBefore, [.. latencies], [.. levels], samples);
    }

    /// <summary>
    /// The pipeline every contender runs its items through: up to 4 attempts on <see cref="HttpRequestException"/>, 200 ms
    /// exponential backoff with jitter, or, when <paramref name="honourRetryAfter"/>, as long as a 429's Retry-After says.
    /// Without it, it is what <c>[Retry(MaxAttempts = 4, DelayMs = 200, Backoff = RetryBackoff.Exponential, Jitter = true)]</c> builds.
    /// </summary>
    /// <param name="honourRetryAfter">Whether a 429's Retry-After replaces the backoff.</param>
    /// <returns>The pipeline.</returns>
    internal static ResiliencePipeline RetryPipeline(bool honourRetryAfter) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>(),
            DelayGenerator = honourRetryAfter
                ? args => new(args.Outcome.Exception is ThrottledException { RetryAfter: { } after } ? after : null)
                : null,
        })
        .Build();

    /// <summary>Reports on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }
}
