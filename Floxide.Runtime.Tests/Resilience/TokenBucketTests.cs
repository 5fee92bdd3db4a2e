using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>The token bucket of a [RateLimit] earns its tokens on the clock it is given, never on real time.</summary>
public sealed class TokenBucketTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void A_bucket_of_two_a_second_grants_a_burst_of_two_then_one_permit_every_half_second_of_its_clock()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TokenBucket(2, time);

        var waits = Enumerable.Range(0, 5).Select(_ => bucket.AcquireAsync(1).AsTask()).ToArray();

        Assert.Equal([true, true, false, false, false], waits.Select(w => w.IsCompletedSuccessfully));
        time.Advance(TimeSpan.FromMilliseconds(500) - Tick);
        Assert.False(waits[2].IsCompleted);
        time.Advance(Tick);
        AssertGranted(waits[2]);
        Assert.False(waits[3].IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(500));
        AssertGranted(waits[3]);
        Assert.False(waits[4].IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(500));
        AssertGranted(waits[4]);
    }

    /// <summary>Three a second is a token every 333.3333 ms: earned whole, at the tick it is due, and none lost to rounding over many.</summary>
    [Fact]
    public void A_rate_that_does_not_divide_a_second_earns_each_token_at_the_tick_it_is_due_and_loses_none()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TokenBucket(3, time);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(bucket.AttemptAcquire().IsAcquired);
        }

        time.Advance(TimeSpan.FromTicks(3_333_333)); // 0.9999999 of a token
        Assert.False(bucket.AttemptAcquire().IsAcquired);
        time.Advance(Tick);
        Assert.True(bucket.AttemptAcquire().IsAcquired);

        // 3,000 more tokens over 1,000 s, taken as they come: every one, exactly.
        var granted = 0;
        for (var ms = 0; ms < 1_000_000; ms += 100)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            while (bucket.AttemptAcquire().IsAcquired)
            {
                granted++;
            }
        }

        Assert.Equal(3_000, granted);
    }

    [Fact]
    public void An_idle_bucket_fills_up_to_its_burst_and_no_further()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TokenBucket(4, time);
        Assert.True(bucket.AttemptAcquire(4).IsAcquired);

        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(4, bucket.GetStatistics()!.CurrentAvailablePermits);
        Assert.True(bucket.AttemptAcquire(4).IsAcquired);
        Assert.False(bucket.AttemptAcquire().IsAcquired);
    }

    /// <summary>Oldest first: a request for one permit never goes ahead of an older one for three, even when one is there.</summary>
    [Fact]
    public void Waiters_are_granted_in_the_order_they_came_and_a_small_request_does_not_jump_a_large_one()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TokenBucket(4, time);
        Assert.True(bucket.AttemptAcquire(4).IsAcquired);

        var large = bucket.AcquireAsync(3).AsTask();
        var small = bucket.AcquireAsync(1).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(250)); // one token: enough for the small one, not the large one before it

        Assert.False(small.IsCompleted);
        Assert.False(bucket.AttemptAcquire().IsAcquired); // nor for a request that would not wait
        var later = bucket.AcquireAsync(1).AsTask(); // nor for one that came later
        Assert.False(later.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(500));
        AssertGranted(large);
        Assert.False(small.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(250));
        AssertGranted(small);
        Assert.False(later.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(250));
        AssertGranted(later);
    }

    /// <summary>A canceled waiter leaves the queue at once, and the ones behind it that the tokens held cover are granted then, without waiting for the clock.</summary>
    [Fact]
    public async Task Canceling_a_waiter_ends_it_canceled_and_grants_at_once_the_ones_behind_it_the_tokens_cover()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TokenBucket(4, time);
        Assert.True(bucket.AttemptAcquire(4).IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(500)); // two tokens
        using var cancel = new CancellationTokenSource();

        var large = bucket.AcquireAsync(3, cancel.Token).AsTask();
        var small = bucket.AcquireAsync(2).AsTask();
        Assert.Equal(5, bucket.GetStatistics()!.CurrentQueuedCount);
        await cancel.CancelAsync();

        Assert.True(large.IsCanceled); // at once, by the token's callback
        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => large);
        Assert.Equal(cancel.Token, canceled.CancellationToken);
        AssertGranted(small);
        Assert.Equal(0, bucket.GetStatistics()!.CurrentQueuedCount);
    }

    [Fact]
    public async Task A_token_canceled_before_the_request_ends_it_canceled_and_takes_no_permit()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TokenBucket(1, time);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bucket.AcquireAsync(1, new CancellationToken(canceled: true)).AsTask());

        Assert.True(bucket.AttemptAcquire().IsAcquired);
    }

    /// <summary>A refused request says when to ask again: when the tokens for the queue ahead of it, and for it, are earned.</summary>
    [Fact]
    public void A_refused_request_carries_the_wait_until_the_queue_ahead_and_it_are_covered()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TokenBucket(10, time);
        Assert.True(bucket.AttemptAcquire(10).IsAcquired);
        _ = bucket.AcquireAsync(5);
        time.Advance(TimeSpan.FromMilliseconds(150)); // 1 token of the 5 queued

        using var refused = bucket.AttemptAcquire(2);

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(550), retryAfter); // 6 more tokens at 100 ms each, from 150 ms into the second at 100
        Assert.Equal([MetadataName.RetryAfter.Name], refused.MetadataNames);
    }

    [Fact]
    public void Statistics_count_the_permits_held_queued_granted_and_refused()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TokenBucket(3, time);

        bucket.AttemptAcquire(2).Dispose();
        bucket.AttemptAcquire(2).Dispose();
        _ = bucket.AcquireAsync(3);

        var statistics = bucket.GetStatistics()!;
        Assert.Equal((1, 3, 1, 1), (statistics.CurrentAvailablePermits, statistics.CurrentQueuedCount, statistics.TotalSuccessfulLeases, statistics.TotalFailedLeases));
    }

    /// <summary>Idle means full with no one waiting, since the moment it filled: what a partitioned limiter reads to drop a partition.</summary>
    [Fact]
    public void The_idle_duration_runs_from_the_moment_the_bucket_filled_again()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TokenBucket(2, time);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), bucket.IdleDuration);

        Assert.True(bucket.AttemptAcquire(2).IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Null(bucket.IdleDuration); // one token of two

        time.Advance(TimeSpan.FromMilliseconds(900)); // full since 1 s after it emptied
        Assert.Equal(TimeSpan.FromMilliseconds(500), bucket.IdleDuration);
    }

    [Fact]
    public async Task Disposing_refuses_the_waiters_and_later_requests_throw()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(1, time);
        Assert.True(bucket.AttemptAcquire().IsAcquired);
        var waiting = bucket.AcquireAsync(1).AsTask();

        bucket.Dispose();

        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.False((await waiting).IsAcquired);
        Assert.Throws<ObjectDisposedException>(() => bucket.AttemptAcquire());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => bucket.AcquireAsync(1).AsTask());
        time.Advance(TimeSpan.FromSeconds(1)); // its timer is gone
    }

    [Fact]
    public async Task Asking_for_more_permits_than_the_bucket_holds_throws_naming_both()
    {
        using var bucket = new TokenBucket(5, new FakeTimeProvider());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => bucket.AttemptAcquire(6));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bucket.AcquireAsync(6).AsTask());

        Assert.Equal("permitCount", error.ParamName);
        Assert.Contains("5 per second", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(0, TimeProvider.System));
    }

    /// <summary>FLX0154's page promises no maximum rate: int.MaxValue a second holds as many and earns them without overflow.</summary>
    [Fact]
    public void The_largest_rate_int_MaxValue_a_second_is_held_and_earned_without_overflow()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TokenBucket(int.MaxValue, time);
        Assert.True(bucket.AttemptAcquire(int.MaxValue).IsAcquired);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2_147_483, bucket.GetStatistics()!.CurrentAvailablePermits);
        time.Advance(TimeSpan.FromDays(3_650));
        Assert.Equal(int.MaxValue, bucket.GetStatistics()!.CurrentAvailablePermits);
    }

    /// <summary>An idle bucket, full or not, runs no timer: one is set only while a request waits, for when its tokens are due.</summary>
    [Fact]
    public async Task Only_a_waiting_request_sets_a_timer_and_it_is_due_when_the_request_is_covered()
    {
        var time = new RecordingTimeProvider();
        using var bucket = new TokenBucket(4, time);

        Assert.True(bucket.AttemptAcquire(3).IsAcquired);
        Assert.False(bucket.AttemptAcquire(2).IsAcquired);
        Assert.False(time.HasUntakenTimer);

        var waiting = bucket.AcquireAsync(3).AsTask(); // 1 held, 2 to earn
        Assert.Equal(TimeSpan.FromMilliseconds(500), await time.NextTimerAsync());
        time.Advance(TimeSpan.FromMilliseconds(500));
        AssertGranted(waiting);
    }

    /// <summary>
    /// The system's timers count whole milliseconds, the rest dropped: one asked for 0.7 ms is due at once. A timer that
    /// fires before the oldest request's tokens are due is armed again for whole milliseconds, rounded up, not at once again
    /// (which spun on the system's clock: some twenty callbacks a grant at 1,000 a second, a thread kept busy), so a grant
    /// costs at most two callbacks.
    /// </summary>
    [Fact]
    public void A_timer_that_fires_before_the_tokens_are_due_is_armed_again_for_whole_milliseconds_not_at_once()
    {
        var time = new WholeMillisecondTime();
        using var bucket = new TokenBucket(1_000, time);
        Assert.True(bucket.AttemptAcquire(1_000).IsAcquired);
        var waits = Enumerable.Range(0, 10).Select(_ => bucket.AcquireAsync(1).AsTask()).ToArray();

        for (var step = 0; step < 60 && !waits.All(w => w.IsCompleted); step++)
        {
            time.Advance(TimeSpan.FromTicks(3_000)); // 0.3 ms: the tokens, one a millisecond, fall due between steps
        }

        Assert.All(waits, AssertGranted);
        Assert.InRange(time.Callbacks, waits.Length, 2 * waits.Length);
    }

    [Fact]
    public void A_declared_bucket_on_another_clock_is_its_twin_for_that_clock_made_once_and_full()
    {
        var declared = Assert.IsType<TokenBucket>(GeneratedResilience.DeclareRateLimit(2));
        var test = new FakeTimeProvider();
        var other = new FakeTimeProvider();
        Assert.True(declared.AttemptAcquire(2).IsAcquired);

        var twin = Assert.IsType<TokenBucket>(GeneratedResilience.OnClock(declared, test));

        Assert.Same(declared, GeneratedResilience.OnClock(declared, TimeProvider.System));
        Assert.NotSame(declared, twin);
        Assert.Same(twin, GeneratedResilience.OnClock(declared, test));
        Assert.Same(twin, twin.OnClock(test));
        Assert.Same(declared, twin.OnClock(TimeProvider.System));
        Assert.Same(GeneratedResilience.OnClock(declared, other), twin.OnClock(other));
        Assert.NotSame(twin, twin.OnClock(other));
        Assert.Equal(2, twin.GetStatistics()!.CurrentAvailablePermits);
        Assert.Equal(2, twin.PermitsPerSecond);
    }

    [Fact]
    public void A_limiter_that_is_not_a_declared_bucket_is_itself_on_every_clock()
    {
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });

        Assert.Same(limiter, GeneratedResilience.OnClock(limiter, new FakeTimeProvider()));
    }

    /// <summary>
    /// Requests from many threads, a quarter of them canceled on another thread while the clock moves: each ends once,
    /// granted or canceled, every one that was not canceled is granted, and no more are granted than were earned.
    /// </summary>
    [Fact]
    public async Task Concurrent_requests_and_cancellations_while_the_clock_moves_lose_no_waiter_and_grant_no_more_than_was_earned()
    {
        var time = new FakeTimeProvider();
        using var bucket = new TokenBucket(50, time);
        using var cancel = new CancellationTokenSource();
        var waits = new Task<RateLimitLease>[200];
        Parallel.For(0, waits.Length, i => waits[i] = bucket.AcquireAsync(1, i % 4 == 0 ? cancel.Token : default).AsTask());

        Task? canceling = null;
        for (var i = 0; i < 30; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100)); // 3 s in all: 50 at once and 150 earned, enough for all 200
            if (i == 5)
            {
                canceling = Task.Run(cancel.Cancel);
            }
        }

        await canceling!;
        var outcomes = await Task.WhenAll(waits.Select(async wait =>
        {
            try
            {
                return (await wait.WaitAsync(TimeSpan.FromSeconds(30))).IsAcquired ? "granted" : "refused";
            }
            catch (OperationCanceledException)
            {
                return "canceled";
            }
        }));

        var granted = outcomes.Count(o => o == "granted");
        var statistics = bucket.GetStatistics()!;
        Assert.All(outcomes.Where((_, i) => i % 4 != 0), o => Assert.Equal("granted", o));
        Assert.Equal(200, granted + outcomes.Count(o => o == "canceled"));
        Assert.Equal((granted, 0L, 200 - granted), (statistics.TotalSuccessfulLeases, statistics.CurrentQueuedCount, statistics.CurrentAvailablePermits));
    }

    /// <summary>Granted by the time the call that earned or freed its tokens returned (advancing the clock, a cancel), not later.</summary>
    private static void AssertGranted(Task<RateLimitLease> wait)
    {
        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(wait.Result.IsAcquired);
    }
}
