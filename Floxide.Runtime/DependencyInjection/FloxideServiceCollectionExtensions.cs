using Floxide;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Floxide in a service collection.</summary>
/// <remarks>
/// Nodes and workflows are registered per assembly by the generated <c>services.AddFloxideNodes()</c> (emitted
/// when the project references Microsoft.Extensions.DependencyInjection.Abstractions), without reflection.
/// </remarks>
public static class FloxideServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default <see cref="BatchOptions"/> as a singleton, with the container's
    /// <see cref="ILoggerFactory"/> as <see cref="BatchOptions.LoggerFactory"/> and its <see cref="TimeProvider"/> as
    /// <see cref="BatchOptions.TimeProvider"/> (each when there is one), so batches built with these options log and
    /// keep the host's clock. An earlier registration of <see cref="BatchOptions"/> wins. A generated context's
    /// <c>DefaultBatchOptions</c> (what its attributes declare) take the same with
    /// <see cref="FloxideBatchOptionsExtensions.WithServices"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the defaults, e.g. <c>o =&gt; o with { MaxDegreeOfParallelism = 16 }</c>; may be null.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddFloxide(this IServiceCollection services, Func<BatchOptions, BatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider =>
        {
            var options = new BatchOptions().WithServices(provider);
            return configure is null ? options : configure(options);
        });
        return services;
    }
}
