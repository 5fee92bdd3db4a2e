using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HttpFanOut;

/// <summary>
/// A Kestrel server on 127.0.0.1 and a free port, serving <c>/items/{id}</c> with a simulated
/// latency, like a rate-limited API: it serves at most <see cref="Capacity"/> requests at once and
/// answers 429 beyond that (the client is not told the capacity). It counts requests in flight, so
/// the sample can show that the batch's limit held; every 40th item always answers 500 (those items
/// fail) and every 10th fails its first request with 500 (a transient fault, which a retry fixes).
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> _requests = new();
    private int _inFlight;
    private int _maxInFlight;
    private int _serving;
    private int _throttled;
    private int _total;

    private LocalServer(WebApplication app) => _app = app;

    /// <summary>Gets the server's base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How many requests the server serves at once; beyond it, 429.</summary>
    public const int Capacity = 12;

    /// <summary>Gets the most requests the server was handling at once (429s included).</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Gets how many requests the server received.</summary>
    public int Requests => Volatile.Read(ref _total);

    /// <summary>Gets how many requests the server answered 429.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    /// <summary>Starts the server.</summary>
    /// <returns>The running server.</returns>
    public static async Task<LocalServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); // keep the console for the progress display
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0)); // port 0: the OS picks a free one
        var server = new LocalServer(builder.Build());
        server._app.MapGet("/items/{id:int}", server.HandleAsync);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(int id, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        Interlocked.Increment(ref _total);
        var served = Interlocked.Increment(ref _serving) <= Capacity;
        try
        {
            if (!served)
            {
                Interlocked.Increment(ref _throttled);
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            }

            // 20-60 ms, varied per item but the same every run.
            await Task.Delay(20 + (id * 7919 % 41), cancellationToken);
            var request = _requests.AddOrUpdate(id, 1, (_, n) => n + 1);
            return id % 40 == 39 || (id % 10 == 3 && request == 1)
                ? Results.StatusCode(StatusCodes.Status500InternalServerError)
                : Results.Text($"item {id}: {new string((char)('a' + (id % 26)), 16 + (id % 48))}");
        }
        finally
        {
            Interlocked.Decrement(ref _serving);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
