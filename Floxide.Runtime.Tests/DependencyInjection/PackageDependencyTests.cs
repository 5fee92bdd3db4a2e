using System.Reflection;

namespace Floxide.Runtime.Tests.DependencyInjection;

/// <summary>What the Floxide package brings into an application besides the shared framework.</summary>
public sealed class PackageDependencyTests
{
    [Fact]
    public void The_runtime_references_only_the_logging_and_DI_abstractions_Polly_Core_and_the_rate_limiting_package()
    {
        // The README: logging and DI through their two *.Abstractions packages (no OpenTelemetry, no logging
        // implementation, no container), and resilience on Polly.Core and System.Threading.RateLimiting.
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var packages = typeof(BatchOptions).Assembly.GetReferencedAssemblies()
            .Where(name => Path.GetDirectoryName(Assembly.Load(name).Location) != framework)
            .Select(name => name.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            ["Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Logging.Abstractions", "Polly.Core", "System.Threading.RateLimiting"],
            packages);
    }
}
