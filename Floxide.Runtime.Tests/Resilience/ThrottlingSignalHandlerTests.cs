using System.Collections.Concurrent;
using System.Net;
using Floxide.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Floxide.Runtime.Tests.Resilience;

public class ThrottlingSignalHandlerTests
{
    private static readonly Uri Service = new("http://service.test/");

    [Fact]
    public async Task Inside_the_standard_resilience_handler_the_429s_it_retries_still_lower_the_level_though_every_item_succeeds()
    {
        // Each item's first request is answered 429, its retry 200. Halving from 4 makes the end level certain (see
        // AdaptiveConcurrencyTests); without the handler every attempt would succeed and the level stay at the ceiling.
        var server = new StubServer((_, call) => call == 1 ? Refused() : new HttpResponseMessage(HttpStatusCode.OK));
        var services = new ServiceCollection();
        var http = services.AddHttpClient("service").ConfigurePrimaryHttpMessageHandler(() => server);
        http.AddStandardResilienceHandler(options =>
        {
            options.Retry.Delay = TimeSpan.Zero;
            options.Retry.UseJitter = false;
        });
        http.AddHttpMessageHandler(() => new ThrottlingSignalHandler()); // after, so inside: it sees every attempt's response
        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("service");
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            using var response = await client.GetAsync(new Uri(Service, $"items/{context.Item}"), token);
            response.EnsureSuccessStatusCode();
        });
        var options = AdaptiveOptions.HalvingFromFour;
        var progress = new ProgressRecorder();

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([1, 2, 3, 4, 5, 6, 7, 8]), progress);

        Assert.Equal(8, report.Succeeded);
        Assert.All(server.Calls.Values, count => Assert.Equal(2, count)); // the client retried, the batch did not
        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel);
    }

    [Theory]
    [InlineData("seconds")]
    [InlineData("a date, against the response's Date")]
    [InlineData("a date, against the handler's clock")]
    [InlineData("milliseconds, beside a Retry-After in seconds")]
    [InlineData("milliseconds, as Azure sends them")]
    public async Task The_wait_a_response_asks_for_pauses_the_batch_for_that_long_when_RetryAfter_reads_it(string form)
    {
        var time = new RecordingTimeProvider();
        var begun = time.GetUtcNow();
        var starts = new ConcurrentQueue<(int Item, DateTimeOffset At)>();
        var server = new StubServer((item, call) =>
        {
            if (item == 1 || call > 1) // item 0's first call is refused; the client's retry of it is served
            {
                return new HttpResponseMessage(HttpStatusCode.OK);
            }

            var refused = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            var serviceClock = begun - TimeSpan.FromHours(1); // the service's clock is behind: a date is read against its own
            switch (form)
            {
                case "seconds":
                    refused.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
                    break;
                case "a date, against the response's Date":
                    refused.Headers.Date = serviceClock;
                    refused.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(serviceClock + TimeSpan.FromSeconds(30));
                    break;
                case "a date, against the handler's clock":
                    refused.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(begun + TimeSpan.FromSeconds(30));
                    break;
                case "milliseconds, beside a Retry-After in seconds":
                    refused.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(31)); // rounded up
                    refused.Headers.Add("retry-after-ms", "30000");
                    break;
                default:
                    refused.Headers.Add("x-ms-retry-after-ms", "30000");
                    break;
            }

            return refused;
        });
        using var client = new HttpClient(new ThrottlingSignalHandler(server) { TimeProvider = time });
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            starts.Enqueue((context.Item, time.GetUtcNow()));
            using var response = await client.GetAsync(new Uri(Service, $"items/{context.Item}"), token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                using var retried = await client.GetAsync(new Uri(Service, $"items/{context.Item}"), token); // a client's own retry
            }
        });
        var run = new BatchFlow<TestContext, int>(work, AdaptiveOptions.OneAtATimePausingForWaits(time)).RunAsync(TestContext.Over([0, 1]));
        Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromSeconds(30));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([(0, begun), (1, begun + TimeSpan.FromSeconds(30))], starts);
        Assert.Equal(2, report.Succeeded);
    }

    [Theory]
    [InlineData(false, HttpStatusCode.TooManyRequests)]
    [InlineData(true, HttpStatusCode.TooManyRequests)]
    [InlineData(false, HttpStatusCode.ServiceUnavailable)]
    [InlineData(true, HttpStatusCode.ServiceUnavailable)]
    public async Task A_429_or_503_reaches_the_caller_unchanged_and_in_an_adaptive_batch_lowers_the_level_sent_async_or_not(bool synchronously, HttpStatusCode status)
    {
        var server = new StubServer((_, _) => new HttpResponseMessage(status));
        using var client = new HttpClient(new ThrottlingSignalHandler(server));
        var bodies = new ConcurrentQueue<string>();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Service, $"items/{context.Item}"));
            using var response = synchronously ? client.Send(request, token) : await client.SendAsync(request, token);
            bodies.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
        });
        var options = AdaptiveOptions.HalvingFromFour;
        var progress = new ProgressRecorder();

        using (var outside = await client.GetAsync(new Uri(Service, "items/0")))
        {
            Assert.Equal($"{(int)status} busy: 0", $"{(int)outside.StatusCode} {await outside.Content.ReadAsStringAsync()}");
        }

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([7]), progress);

        Assert.Equal(1, report.Succeeded); // the node read the response and did not throw: only the handler reported it
        Assert.Equal([$"{(int)status} busy: 7"], bodies);
        Assert.Equal(2, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task A_Retry_After_date_already_passed_asks_for_no_wait()
    {
        var server = new StubServer((_, _) =>
        {
            var refused = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            refused.Headers.Date = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
            refused.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(new DateTimeOffset(2026, 11, 30, 11, 59, 0, TimeSpan.Zero));
            return refused;
        });
        using var client = new HttpClient(new ThrottlingSignalHandler(server));
        var read = new ConcurrentQueue<TimeSpan?>();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            using var response = await client.GetAsync(new Uri(Service, $"items/{context.Item}"), token);
        });
        var options = new BatchOptions { AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = ex => { read.Enqueue((ex as ThrottledResponseException)?.RetryAfter); return null; } } };

        await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0]));

        Assert.Equal([TimeSpan.Zero], read);
    }

    [Fact]
    public async Task A_reader_that_throws_for_a_report_fails_the_request_and_the_item_with_its_error()
    {
        var broken = new FormatException("garbled");
        var server = new StubServer((_, _) => Refused());
        using var client = new HttpClient(new ThrottlingSignalHandler(server));
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            using var response = await client.GetAsync(new Uri(Service, $"items/{context.Item}"), token);
        });
        var options = new BatchOptions { AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = _ => throw broken } };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([3]));

        var failure = Assert.IsType<InvalidOperationException>(Assert.Single(report.Failures).Exception);
        Assert.Same(broken, failure.InnerException);
        Assert.StartsWith("AdaptiveConcurrency.RetryAfter threw while reading item 0's Floxide.ThrottledResponseException", failure.Message);
        Assert.True(server.AllDisposed);
    }

    [Theory]
    [InlineData("retry-after-ms", "1500", 2, 1500.0)] // the milliseconds win over Retry-After's seconds
    [InlineData("x-ms-retry-after-ms", "250.5", null, 250.5)]
    [InlineData("retry-after-ms", "soon", 2, 2000.0)] // milliseconds it cannot read: Retry-After
    [InlineData("retry-after-ms", "-5", null, null)] // nor a negative wait
    [InlineData(null, null, null, null)]
    public void RetryAfterOf_reads_what_a_client_retry_should_wait_without_a_batch(string? header, string? value, int? retryAfterSeconds, double? expectedMs)
    {
        using var response = Refused();
        if (header is not null)
        {
            response.Headers.TryAddWithoutValidation(header, value);
        }

        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        Assert.Equal(expectedMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, ThrottlingSignals.RetryAfterOf(response));
    }

    private static HttpResponseMessage Refused() => new(HttpStatusCode.TooManyRequests);

    /// <summary>A service in memory: answers each request with what <c>answer</c> says for its item and its call count.</summary>
    private sealed class StubServer(Func<int, int, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private readonly ConcurrentBag<HttpResponseMessage> _sent = [];

        public ConcurrentDictionary<int, int> Calls { get; } = new();

        public bool AllDisposed => _sent.All(response => response.Content is TrackedContent { Disposed: true });

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            return Task.FromResult(Send(request, cancellationToken));
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var item = int.Parse(request.RequestUri!.Segments[^1], System.Globalization.CultureInfo.InvariantCulture);
            var response = answer(item, Calls.AddOrUpdate(item, 1, (_, count) => count + 1));
            response.Content = new TrackedContent(response.IsSuccessStatusCode ? "" : $"busy: {item}");
            response.RequestMessage = request;
            _sent.Add(response);
            return response;
        }
    }

    /// <summary>A body that knows whether it was disposed (with its response).</summary>
    private sealed class TrackedContent(string text) : ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text))
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
