using Floxide;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Takes a container's logging and clock into batch options.</summary>
public static class FloxideBatchOptionsExtensions
{
    /// <summary>
    /// Returns <paramref name="options"/> with the container's <see cref="ILoggerFactory"/> as
    /// <see cref="BatchOptions.LoggerFactory"/> and its <see cref="TimeProvider"/> as <see cref="BatchOptions.TimeProvider"/>,
    /// each where the container has one; everything else is kept. The way to run a generated context with what its
    /// attributes declared and the host's logging: <c>X.CreateBatchFlow(node, X.DefaultBatchOptions.WithServices(services))</c>.
    /// A test host that registers a <c>FakeTimeProvider</c> then drives the batch's delays, the declared
    /// <c>[Retry]</c> and <c>[Timeout]</c> included.
    /// </summary>
    /// <param name="options">The options to start from, usually a context's <c>DefaultBatchOptions</c>.</param>
    /// <param name="services">The container.</param>
    /// <returns>The options with the container's logging and clock.</returns>
    public static BatchOptions WithServices(this BatchOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        return options with
        {
            LoggerFactory = services.GetService<ILoggerFactory>() ?? options.LoggerFactory,
            TimeProvider = services.GetService<TimeProvider>() ?? options.TimeProvider,
        };
    }
}
