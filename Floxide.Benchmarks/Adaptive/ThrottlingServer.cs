using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Floxide.Benchmarks.Adaptive;

/// <summary>
/// A local Kestrel server standing in for a loaded API: it serves at most <see cref="Capacity"/> requests at once
/// (each takes <see cref="ServiceTime"/>) and either answers 429 to any request beyond that, with a
/// <c>Retry-After</c> when it is started with one (many APIs send it, many do not), or queues it until a request
/// ends, as a server that takes everything and gets slower does. Started with a quota, it also serves at most that
/// many requests per second of its clock, as a metered API does, and answers 429 to the rest with the time left until
/// the next second (<c>Retry-After</c> in whole seconds and <c>retry-after-ms</c>, as LLM APIs send it). The client is
/// never told the capacity or the quota.
/// </summary>
public sealed class ThrottlingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SemaphoreSlim? _queue;
    private readonly Lock _quotaLock = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _quotaSecond;
    private int _quotaUsed;
    private int _active;
    private long _served;
    private long _rejected;

    private ThrottlingServer(WebApplication app, int capacity, TimeSpan serviceTime, int? retryAfterSeconds, bool queues, int? quotaPerSecond)
    {
        _app = app;
        _queue = queues ? new SemaphoreSlim(capacity, capacity) : null;
        Capacity = capacity;
        ServiceTime = serviceTime;
        RetryAfterSeconds = retryAfterSeconds;
        QuotaPerSecond = quotaPerSecond;
    }

    /// <summary>Gets how many requests the server serves at once.</summary>
    public int Capacity { get; }

    /// <summary>Gets how long one served request takes.</summary>
    public TimeSpan ServiceTime { get; }

    /// <summary>Gets the <c>Retry-After</c> (seconds) the server sends with a 429; null when it sends none.</summary>
    public int? RetryAfterSeconds { get; }

    /// <summary>Gets how many requests the server serves per second of its clock; null when it has no quota.</summary>
    public int? QuotaPerSecond { get; }

    /// <summary>Gets whether requests beyond the capacity wait for a slot instead of being answered 429.</summary>
    public bool Queues => _queue is not null;

    /// <summary>Gets the address of the work endpoint.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Gets how many requests were served (200).</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>Gets how many requests were turned away (429).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <param name="capacity">How many requests it serves at once.</param>
    /// <param name="serviceTime">How long one request takes.</param>
    /// <param name="retryAfterSeconds">The <c>Retry-After</c> sent with a 429, in seconds; null for none.</param>
    /// <param name="queues">Whether requests beyond the capacity wait for a slot (and no request is answered 429).</param>
    /// <param name="quotaPerSecond">How many requests it serves per second of its clock; null for no quota.</param>
    /// <returns>The running server.</returns>
    public static async Task<ThrottlingServer> StartAsync(
        int capacity, TimeSpan serviceTime, int? retryAfterSeconds, bool queues = false, int? quotaPerSecond = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ThrottlingServer(app, capacity, serviceTime, retryAfterSeconds, queues, quotaPerSecond);
        app.MapGet("/work/{id:int}", server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        server.Address = new Uri(app.Urls.First());
        return server;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _queue?.Dispose();
    }

    private async Task<IResult> HandleAsync(int id, HttpResponse response, CancellationToken cancellationToken)
    {
        if (QuotaPerSecond is { } quota && WaitForQuota(quota) is { } wait)
        {
            Interlocked.Increment(ref _rejected);
            response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            response.Headers["retry-after-ms"] = Math.Ceiling(wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        if (_queue is not null)
        {
            await _queue.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ServeAsync(id, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _queue.Release();
            }
        }

        if (Interlocked.Increment(ref _active) > Capacity)
        {
            Interlocked.Decrement(ref _active);
            Interlocked.Increment(ref _rejected);
            if (RetryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        try
        {
            return await ServeAsync(id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>Takes one request of this second's quota: null when there was one left, else the time until the next second.</summary>
    private TimeSpan? WaitForQuota(int quota)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        var second = (long)elapsed.TotalSeconds;
        lock (_quotaLock)
        {
            if (second > _quotaSecond)
            {
                _quotaSecond = second;
                _quotaUsed = 0;
            }

            if (_quotaUsed < quota)
            {
                _quotaUsed++;
                return null;
            }
        }

        return TimeSpan.FromSeconds(second + 1) - elapsed;
    }

    private async Task<IResult> ServeAsync(int id, CancellationToken cancellationToken)
    {
        await Task.Delay(ServiceTime, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _served);
        return Results.Ok(id);
    }
}
