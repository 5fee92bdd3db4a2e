using System.Globalization;
using System.Net;
using Floxide.Benchmarks.Compare;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Floxide.Benchmarks.Adaptive;

/// <summary>
/// What <see cref="AdaptiveConcurrency.RetryAfter"/> is for (<c>compare quota</c>): a batch of HTTP calls against a
/// metered API, <see cref="ThrottlingServer"/> with a quota of 100 requests a second and no limit on requests at once,
/// which answers 429 with the time left until the next second. Every contender has the same retry pipeline, which
/// waits as long as a 429 says. Adaptive concurrency that also pauses the whole batch for that time runs against
/// adaptive concurrency alone and fixed p = 4 and p = 64. Prints
/// <c>ratio quota_pause vs_adaptive=w vs_fixed_low=x vs_fixed_high=y failed=n</c> (throughput ratios; n: the pausing
/// contender's items that failed after every retry) and <c>quota failed ...</c> and <c>quota 429s ...</c> lines for all four;
/// then the same with the retries in the HTTP client instead, with and without a <see cref="ThrottlingSignalHandler"/>
/// (<c>ratio quota_client_retry_handler ...</c>, <c>ratio quota_client_retry_seconds_handler ...</c>).
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
        using var client = new HttpClient(AdaptiveComparison.Handler());
        Console.Error.WriteLine(
            $"# quota: the server serves {Quota} requests a second ({ServiceTime.TotalMilliseconds} ms each, any number at once) and answers 429 " +
            $"with the time left until the next second beyond that; {items} items; every contender makes up to 4 attempts");

        await using var server = await ThrottlingServer.StartAsync(int.MaxValue, ServiceTime, retryAfterSeconds: null, quotaPerSecond: Quota).ConfigureAwait(false);

        // First with a pipeline that waits as each 429 says, then with the one [Retry] declares, which cannot read the
        // wait: its backoff (200, 400, 800 ms) retries into the same exhausted second unless the batch pauses.
        await CompareAsync("quota", honourRetryAfter: true, server, client, rounds, items).ConfigureAwait(false);
        await CompareAsync("quota_backoff", honourRetryAfter: false, server, client, rounds, items).ConfigureAwait(false);
        await CompareClientRetryAsync("quota_client_retry", millisecondWaits: true, server, rounds, items).ConfigureAwait(false);
        await CompareClientRetryAsync("quota_client_retry_seconds", millisecondWaits: false, server, rounds, items).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// The same quota with the retries in the HTTP client, as <c>Microsoft.Extensions.Http.Resilience</c> adds them (up
    /// to 4 attempts, waiting as the 429 says), none in the batch: adaptive concurrency then sees a 429 only when the
    /// client gives up on an item ("blind"), unless a <see cref="ThrottlingSignalHandler"/> inside the client's retry
    /// reports each one ("handler"; both pause for the wait they read, to the millisecond). The client waits as
    /// <c>retry-after-ms</c> says (as OpenAI's SDK does) when <paramref name="millisecondWaits"/>, else as
    /// <c>Retry-After</c>'s whole seconds (the resilience handler's default). Prints
    /// <c>ratio {label}_handler vs_blind=x vs_fixed_high=y failed=n</c> and the failed and 429 lines.
    /// </summary>
    private static async Task CompareClientRetryAsync(string label, bool millisecondWaits, ThrottlingServer server, int rounds, int items)
    {
        var names = new[] { "handler", "blind", "fixed_high" };
        var services = new ServiceCollection();
        foreach (var name in names)
        {
            var http = services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(AdaptiveComparison.Handler);
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true, // sets a DelayGenerator that reads Retry-After: replace it, never null it
            };
            if (millisecondWaits)
            {
                retry.DelayGenerator = args => new(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response ? ThrottlingSignals.RetryAfterOf(response) : null);
            }

            http.AddResilienceHandler("retry", pipeline => pipeline.AddRetry(retry));
            if (name == names[0])
            {
                http.AddHttpMessageHandler(() => new ThrottlingSignalHandler()); // after the retry, so inside it
            }
        }

        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        var clients = names.ToDictionary(name => name, factory.CreateClient);
        var adaptive = new BatchOptions
        {
            MaxDegreeOfParallelism = Ceiling,
            ResiliencePipeline = ResiliencePipeline.Empty,
            AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = ex => ClientWait(ex, millisecondWaits) },
        };
        var runs = await AdaptiveComparison.RunContendersAsync(
            label,
            [
                (names[0], adaptive), // the same options: only the client differs
                (names[1], adaptive),
                (names[2], new BatchOptions { MaxDegreeOfParallelism = Ceiling, ResiliencePipeline = ResiliencePipeline.Empty }),
            ],
            server,
            name => clients[name],
            rounds,
            items).ConfigureAwait(false);

        PrintResults(label, names, runs);
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
            _ => client,
            rounds,
            items).ConfigureAwait(false);

        PrintResults(label, names, runs);
    }

    /// <summary>
    /// Prints <c>ratio {label}_{first} vs_{other}=x ... failed=n</c> (the first contender's throughput over each other's;
    /// n: its items that failed after every retry), then every contender's failed items and 429s.
    /// </summary>
    private static void PrintResults(string label, string[] names, Dictionary<string, List<AdaptiveRun>> runs)
    {
        var throughput = runs.ToDictionary(r => r.Key, r => CompareCommand.Median(r.Value.Select(x => x.ItemsPerSecond)));
        var ratios = string.Join(' ', names.Skip(1).Select(n => string.Create(CultureInfo.InvariantCulture, $"vs_{n}={throughput[names[0]] / throughput[n]:F2}")));
        Console.WriteLine($"ratio {label}_{names[0]} {ratios} failed={runs[names[0]].Sum(x => x.Failed)}");
        Console.WriteLine($"{label} failed {string.Join(' ', names.Select(n => $"{n}={runs[n].Sum(x => x.Failed)}"))}");
        Console.WriteLine($"{label} 429s {string.Join(' ', names.Select(n => $"{n}={runs[n].Sum(x => x.Rejected)}"))}");
    }

    /// <summary>
    /// The pause for a throttled response, reported by the handler or thrown once the client gave up: as long as the
    /// client's own retry waits for it (whole seconds unless it reads <c>retry-after-ms</c>). A pause that ends before
    /// the client retries lets new items take the quota its retries then find used up.
    /// </summary>
    private static TimeSpan? ClientWait(Exception exception, bool millisecondWaits)
    {
        var wait = ThrottlingSignals.RetryAfterOf(exception) ?? (exception as ThrottledException)?.RetryAfter;
        return wait is { } asked && !millisecondWaits ? TimeSpan.FromSeconds(Math.Ceiling(asked.TotalSeconds)) : wait;
    }
}
