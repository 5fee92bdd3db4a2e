using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// The token bucket under real concurrency: requests, cancellations and the clock each on threads of their own, all at
/// once, so its timer's grants, the tokens' cancellation callbacks and the requests meet in every order.
/// </summary>
public sealed class TokenBucketStressTests
{
    private const int Rate = 20;

    /// <summary>
    /// Four threads ask for 0 to 3 permits, a third of them with a token that another thread cancels (some canceled before
    /// they ask) while a third thread moves the clock by random steps: every request ends once, granted or canceled (only
    /// one whose token was canceled), none is refused or left waiting while the clock moves on, and the permits granted
    /// are never more than the burst and the tokens earned.
    /// </summary>
    [Fact]
    public async Task Requests_and_cancellations_on_many_threads_while_another_moves_the_clock_each_end_once_and_take_no_more_than_was_earned()
    {
        var time = new FakeTimeProvider();
        var start = time.GetTimestamp();
        using var bucket = new TokenBucket(Rate, time);
        var requests = new ConcurrentQueue<Request>();
        var toCancel = new ConcurrentQueue<CancellationTokenSource>();
        using var done = new CancellationTokenSource();

        var clock = Task.Factory.StartNew(
            () =>
            {
                var random = new Random(7);
                while (!done.IsCancellationRequested)
                {
                    time.Advance(TimeSpan.FromTicks(random.Next(1, 200_000))); // up to 20 ms, often a fraction of a token
                    Thread.Yield();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        var canceler = Task.Factory.StartNew(
            () =>
            {
                while (!done.IsCancellationRequested)
                {
                    if (toCancel.TryDequeue(out var cancel))
                    {
                        cancel.Cancel();
                    }
                    else
                    {
                        Thread.Yield();
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        var askers = Enumerable.Range(0, 4).Select(seed => Task.Factory.StartNew(
            () =>
            {
                var random = new Random(seed);
                for (var i = 0; i < 150; i++)
                {
                    var permits = random.Next(0, 4);
                    var cancel = random.Next(3) == 0 ? new CancellationTokenSource() : null;
                    if (cancel is not null && random.Next(5) == 0)
                    {
                        cancel.Cancel();
                    }

                    requests.Enqueue(new Request(permits, cancel, bucket.AcquireAsync(permits, cancel?.Token ?? default).AsTask()));
                    if (cancel is not null)
                    {
                        toCancel.Enqueue(cancel);
                    }

                    if (random.Next(8) == 0)
                    {
                        Thread.Yield();
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        await Task.WhenAll(askers);
        try
        {
            // Only a guard against a request left waiting for ever (the clock moves until every one has ended).
            await Task.WhenAll(requests.Select(r => r.Wait.ContinueWith(static _ => { }, TaskScheduler.Default))).WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            await done.CancelAsync();
            await Task.WhenAll(clock, canceler);
        }

        var grantedPermits = 0L;
        var granted = 0L;
        foreach (var request in requests)
        {
            if (request.Wait.IsCanceled)
            {
                Assert.NotNull(request.Cancel); // only a canceled token ends a request canceled
                var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.Wait);
                Assert.Equal(request.Cancel.Token, canceled.CancellationToken);
                continue;
            }

            Assert.True(request.Wait.IsCompletedSuccessfully);
            Assert.True((await request.Wait).IsAcquired); // never refused: the bucket is not disposed
            granted++;
            grantedPermits += request.Permits;
        }

        var earned = (long)(time.GetElapsedTime(start).Ticks * (Int128)Rate / TimeSpan.TicksPerSecond);
        Assert.InRange(grantedPermits, 0, Rate + earned);
        Assert.Equal(600, requests.Count);
        Assert.True(granted >= requests.Count(r => r.Cancel is null));
        var statistics = bucket.GetStatistics()!;
        Assert.Equal((granted, 0L), (statistics.TotalSuccessfulLeases, statistics.CurrentQueuedCount));
        Assert.InRange(statistics.CurrentAvailablePermits, 0, Rate);
        foreach (var request in requests)
        {
            request.Cancel?.Dispose();
        }
    }

    private sealed record Request(int Permits, CancellationTokenSource? Cancel, Task<RateLimitLease> Wait);
}
