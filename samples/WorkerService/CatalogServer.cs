using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WorkerService;

/// <summary>
/// A tiny catalog on 127.0.0.1 and a free port (no internet needed): <c>GET /prices/{sku}</c> answers the SKU's price
/// as text after 10-30 ms, or 404 for SKUs that end in <c>-404</c>.
/// </summary>
public sealed class CatalogServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    private CatalogServer()
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>Gets the server's base address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts the server.</summary>
    /// <returns>The running server.</returns>
    public static CatalogServer Start() => new();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving.ConfigureAwait(false);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private static async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var sku = context.Request.Url!.AbsolutePath["/prices/".Length..];
            var seed = sku.Sum(c => c);
            await Task.Delay(10 + (seed % 21)).ConfigureAwait(false);
            if (sku.EndsWith("-404", StringComparison.Ordinal))
            {
                response.StatusCode = (int)HttpStatusCode.NotFound;
            }
            else
            {
                var body = Encoding.UTF8.GetBytes((5 + (seed % 95) + 0.99m).ToString(CultureInfo.InvariantCulture));
                response.ContentType = "text/plain";
                await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
            }
        }
        finally
        {
            response.Close();
        }
    }
}
