using Floxide;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WorkerService;

// A Generic Host worker that refreshes prices from a catalog as one Floxide batch: nodes and the item workflow
// come from the container (generated AddFloxideNodes), HTTP from IHttpClientFactory, logs from the host's logging,
// and Floxide's spans and metrics go to the OpenTelemetry console exporter. It runs once and exits, or on a
// schedule with --Worker:Interval=00:05:00. The catalog is a local server it starts itself.
await using var catalog = CatalogServer.Start();

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning); // one line per request is noise here
builder.Services.AddFloxideNodes();     // generated: FetchPriceNode, ConvertCurrencyNode, PriceItemFlow
builder.Services.AddSingleton(new CurrencySettings("EUR", 0.92m));
builder.Services.AddHttpClient(nameof(FetchPriceNode), client => client.BaseAddress = catalog.BaseAddress);
builder.Services.AddHostedService<PriceRefreshWorker>();
builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("floxide-worker-sample"))
    .WithTracing(tracing => tracing.AddSource(FloxideTelemetry.ActivitySourceName).AddConsoleExporter())
    .WithMetrics(metrics => metrics.AddMeter(FloxideTelemetry.MeterName).AddConsoleExporter());

using var host = builder.Build();
await host.RunAsync();
