using System.Collections.Concurrent;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// The caller's cancellation is never read as a throttling signal, also in the window where only the caller's token reads
/// canceled: a permit granted inline by the cancellation's own callbacks reaches the attempt before the run's halt.
/// </summary>
public sealed class CanceledAttemptSignalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_permit_granted_inline_by_the_cancellation_is_not_read_by_a_reader_that_throws(bool drains)
    {
        using var limiter = new InlineGrantLimiter();
        using var cancellation = new CancellationTokenSource();
        var calls = new ConcurrentQueue<int>();
        var work = Node.CreateAsync<TestContext>("call", (context, _) =>
        {
            calls.Enqueue(context.Item); // a paid call
            return ValueTask.CompletedTask;
        });
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 1,
            CancellationGracePeriod = drains ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            RateLimiter = limiter,
            AdaptiveConcurrency = new AdaptiveConcurrency { IsThrottled = _ => throw new FormatException("not for cancellations") },
        };
        var context = TestContext.Over([0]);

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellation.Token);
        await limiter.Awaited.WaitAsync();
        // Runs before the run's own callbacks (last registered, first run): the attempt sees only the caller's token canceled.
        using var grantOnCancel = cancellation.Token.Register(limiter.Grant);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));

        Assert.Empty(calls);
        var result = Assert.Single(Assert.Single(context.Updates));
        Assert.Equal((BatchItemStatus.Canceled, 0), (result.Status, result.Attempts));
        Assert.IsAssignableFrom<OperationCanceledException>(result.Exception); // not the reader's error
    }
}
