using Floxide;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WorkerService;

/// <summary>
/// Refreshes the catalog's prices as one Floxide batch: once, then the application stops; or, with
/// <c>--Worker:Interval=00:05:00</c> (any TimeSpan), again after every interval until the host is stopped (Ctrl+C).
/// </summary>
/// <param name="services">The container: each item runs a <see cref="PriceItemFlow"/> resolved, with its steps, in a scope of its own.</param>
/// <param name="configuration">Where the schedule is read from.</param>
/// <param name="lifetime">Stops the application after a single run.</param>
/// <param name="logger">The worker's logger.</param>
public sealed partial class PriceRefreshWorker(
    IServiceProvider services, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<PriceRefreshWorker> logger)
    : BackgroundService
{
    // A singleton hosted service must not hold the item workflow: a step that takes a scoped service (a DbContext)
    // would share it across items, so each item's run resolves the workflow in a scope of its own.
    private readonly INode<PriceBatch> _itemFlow = services.CreateScopedNode<PriceItemFlow, PriceBatch>();

    /// <summary>The SKUs to refresh; one is missing from the catalog, so one item fails on its own.</summary>
    public static readonly IReadOnlyList<string> Skus = ["A-100", "A-200", "B-300", "B-404", "C-500", "C-600", "D-700", "D-800"];

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var configured = configuration["Worker:Interval"];
        TimeSpan? interval = null;
        if (!string.IsNullOrEmpty(configured))
        {
            // Refused rather than ignored: a typo would otherwise run once and exit, and zero would refresh in a busy loop.
            if (!TimeSpan.TryParse(configured, System.Globalization.CultureInfo.InvariantCulture, out var every) || every <= TimeSpan.Zero)
            {
                LogBadInterval(logger, configured);
                Environment.ExitCode = 2;
                lifetime.StopApplication();
                return;
            }

            interval = every;
        }

        // The host's clock when it registers one, as the batch's options take it: a test's FakeTimeProvider then drives
        // the schedule without real waits.
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        try
        {
            do
            {
                await RefreshAsync(stoppingToken);
                if (interval is { } wait)
                {
                    LogNextRun(logger, wait);
                    await Task.Delay(wait, clock, stoppingToken);
                }
            }
            while (interval is not null && !stoppingToken.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: the batch merged its partial results before it threw.
        }
        finally
        {
            if (interval is null)
            {
                lifetime.StopApplication();
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var batch = new PriceBatch { Skus = Skus };
        // What the context's attributes declare (its 10 s drain included), logging through the host (and on its clock, if it
        // registers one).
        var options = PriceBatch.DefaultBatchOptions.WithServices(services);
        var flow = PriceBatch.CreateBatchFlow(_itemFlow, options, id: "price-refresh");
        BatchReport<PriceBatch, string> report;
        try
        {
            report = await flow.RunAsync(batch, cancellationToken: cancellationToken);
        }
        finally
        {
            // Also when the host stopped it: the quotes of the calls that finished in the drain were merged before it threw.
            foreach (var quote in batch.Quotes)
            {
                LogQuote(logger, quote.Sku, quote.Price, quote.Currency);
            }
        }

        Console.WriteLine(report);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Sku} costs {Price} {Currency}")]
    private static partial void LogQuote(ILogger logger, string sku, decimal price, string currency);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker:Interval '{Value}' is not a positive TimeSpan, such as 00:05:00 for every five minutes; nothing was refreshed")]
    private static partial void LogBadInterval(ILogger logger, string value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Next price refresh in {Interval}")]
    private static partial void LogNextRun(ILogger logger, TimeSpan interval);
}
