using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace Floxide.Runtime.Tests.DependencyInjection;

/// <summary>Options take a container's logging and clock, and keep everything else they declare.</summary>
public sealed class BatchOptionsServicesTests
{
    [Fact]
    public void WithServices_takes_the_containers_logger_factory_and_clock_and_keeps_the_rest()
    {
        var time = new FakeTimeProvider();
        using var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time).BuildServiceProvider();
        var pipeline = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(1)).Build();
        var declared = new BatchOptions { MaxDegreeOfParallelism = 7, ResiliencePipeline = pipeline, ErrorMode = BatchErrorMode.FailFast };

        var options = declared.WithServices(services);

        Assert.Same(services.GetRequiredService<ILoggerFactory>(), options.LoggerFactory);
        Assert.Same(time, options.TimeProvider);
        Assert.Equal(declared with { LoggerFactory = options.LoggerFactory, TimeProvider = time }, options);
    }

    [Fact]
    public void WithServices_keeps_the_options_own_where_the_container_has_none()
    {
        using var logging = LoggerFactory.Create(_ => { });
        var time = new FakeTimeProvider();
        using var empty = new ServiceCollection().BuildServiceProvider();
        var declared = new BatchOptions { LoggerFactory = logging, TimeProvider = time };

        Assert.Equal(declared, declared.WithServices(empty));
    }

    [Fact]
    public void AddFloxide_options_take_the_containers_clock_too()
    {
        var time = new FakeTimeProvider();
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(time).AddFloxide().BuildServiceProvider();

        Assert.Same(time, services.GetRequiredService<BatchOptions>().TimeProvider);
    }

    [Fact]
    public void AddFloxide_configures_options_that_already_have_the_containers_logging_and_clock()
    {
        var time = new FakeTimeProvider();
        BatchOptions? seen = null;
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddFloxide(options => (seen = options) with { MaxDegreeOfParallelism = 16 })
            .BuildServiceProvider();

        var options = services.GetRequiredService<BatchOptions>();

        Assert.Same(services.GetRequiredService<ILoggerFactory>(), seen!.LoggerFactory);
        Assert.Same(time, seen.TimeProvider);
        Assert.Equal(seen with { MaxDegreeOfParallelism = 16 }, options);
        Assert.Same(options, services.GetRequiredService<BatchOptions>());
    }

    [Fact]
    public void A_BatchOptions_registered_before_AddFloxide_wins()
    {
        var mine = new BatchOptions { MaxDegreeOfParallelism = 3 };
        using var services = new ServiceCollection().AddLogging().AddSingleton(mine).AddFloxide(o => o with { MaxDegreeOfParallelism = 16 }).BuildServiceProvider();

        Assert.Same(mine, services.GetRequiredService<BatchOptions>());
    }
}
