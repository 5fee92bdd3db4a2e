using System.Collections.Concurrent;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// A pause (<see cref="AdaptiveConcurrency.RetryAfter"/>) ends on a clock whose timer calls back inline as it is armed: the
/// gate arms its timer outside its lock, with the pause in place, so the callback ends the pause rather than find it
/// half-made (its timer not yet kept) and leave the batch paused for ever.
/// </summary>
public sealed class InlineTimerPauseTests
{
    [Fact]
    public async Task A_pause_ends_when_its_timer_calls_back_as_it_is_armed_first_made_then_changed()
    {
        var time = new EagerTime();
        var begun = time.GetUtcNow();
        var starts = new ConcurrentQueue<(int Item, TimeSpan At)>();
        var work = Node.Create<TestContext>("call", context =>
        {
            starts.Enqueue((context.Item, time.GetUtcNow() - begun));
            switch (context.Item)
            {
                case 0:
                    throw new RateLimitRejectedException("service quota", TimeSpan.FromSeconds(30)); // the timer is made
                case 2:
                    throw new RateLimitRejectedException("service quota", TimeSpan.FromSeconds(10)); // and armed again
            }
        });

        var report = await new BatchFlow<TestContext, int>(work, AdaptiveOptions.OneAtATimePausingForWaits(time))
            .RunAsync(TestContext.Over([0, 1, 2, 3]))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(
            [(0, TimeSpan.Zero), (1, TimeSpan.FromSeconds(30)), (2, TimeSpan.FromSeconds(30)), (3, TimeSpan.FromSeconds(40))],
            starts);
        Assert.Equal(2, report.Succeeded);
    }
}
