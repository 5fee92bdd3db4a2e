using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;

namespace Floxide.Runtime.Tests.Resilience;

public class AdaptiveConcurrencyTests
{
    [Fact]
    public void Before_the_first_throttling_signal_each_success_of_a_level_in_use_adds_one()
    {
        var counts = new BatchCounts();
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 1 }, ceiling: 12, counts, TimeProvider.System);
        var levels = new List<int> { gate.Level };
        for (var round = 0; round < 6; round++)
        {
            FullRound(gate, ConcurrencyGate.Signal.Success);
            levels.Add(gate.Level);
        }

        // A round of L attempts: the exits that still see at least half the level running add one each.
        Assert.Equal([1, 2, 3, 5, 7, 10, 12], levels);
        Assert.Equal(12, counts.ConcurrencyLevel);
    }

    [Fact]
    public void Throttling_cuts_the_level_once_per_round_and_full_rounds_of_successes_bring_it_back_to_the_ceiling_only()
    {
        var counts = new BatchCounts();
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 8, DecreaseFactor = 0.5 }, ceiling: 8, counts, TimeProvider.System);
        var rounds = Enumerable.Range(0, 8).Select(_ => Enter(gate)).ToList();

        gate.Exit(rounds[0], ConcurrencyGate.Signal.Throttled);
        Assert.Equal(4, gate.Level);
        gate.Exit(rounds[1], ConcurrencyGate.Signal.Throttled); // same round: it saw the old level
        Assert.Equal(4, gate.Level);
        Assert.Equal(4, counts.ConcurrencyLevel);
        foreach (var round in rounds.Skip(2))
        {
            gate.Exit(round, ConcurrencyGate.Signal.Neutral);
        }

        gate.Exit(Enter(gate), ConcurrencyGate.Signal.Throttled); // a new round: it falls again
        Assert.Equal(2, gate.Level);
        gate.Exit(Enter(gate), ConcurrencyGate.Signal.Throttled);
        gate.Exit(Enter(gate), ConcurrencyGate.Signal.Throttled);
        Assert.Equal(1, gate.Level); // the minimum

        // Pushed back at 1, it lingers there before probing; then it climbs, never past the ceiling.
        var levels = BacklogRounds(gate, 50);
        Assert.Equal(1, levels[4]);
        Assert.All(levels, level => Assert.InRange(level, 1, 8));
        Assert.Equal(8, levels[^1]);
    }

    [Fact]
    public void After_a_signal_the_level_comes_back_just_below_where_it_was_pushed_back_lingers_and_then_probes_ever_faster()
    {
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 13 }, ceiling: 64, new BatchCounts(), TimeProvider.System);
        gate.Exit(Enter(gate), ConcurrencyGate.Signal.Throttled); // pushed back at 13: 13 × 0.9 = 11.7
        Assert.Equal(11, gate.Level);

        var levels = BacklogRounds(gate, 24);

        // Back at 12 in one round, eight rounds there, then 13 (AIMD would probe 13 in the second round and draw a
        // throttling signal every 1.3 rounds); past it the curve is convex, for a service whose capacity grew.
        Assert.Equal([12, 12, 12, 12, 12, 12, 12, 12, 13, 13, 13, 13, 13, 13, 13, 13, 14, 14, 15, 16, 17, 18, 19, 21], levels);
    }

    [Theory]
    [InlineData(13, 8)]
    [InlineData(100, 16)]
    public void The_level_that_drew_a_signal_is_tried_again_only_after_rounds_that_grow_with_it(int pushedBackAt, int roundsBelow)
    {
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = pushedBackAt }, ceiling: 1000, new BatchCounts(), TimeProvider.System);
        gate.Exit(Enter(gate), ConcurrencyGate.Signal.Throttled);

        var levels = BacklogRounds(gate, roundsBelow + 1);

        Assert.All(levels.Take(roundsBelow), level => Assert.True(level < pushedBackAt, $"level {level} during the plateau"));
        Assert.Equal(pushedBackAt, levels[roundsBelow]);
    }

    [Fact]
    public void Successes_while_most_of_the_level_is_idle_leave_it_be()
    {
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 8 }, ceiling: 16, new BatchCounts(), TimeProvider.System);

        for (var i = 0; i < 100; i++)
        {
            gate.Exit(Enter(gate), ConcurrencyGate.Signal.Success);
        }

        Assert.Equal(8, gate.Level);
    }

    [Fact]
    public async Task Attempts_beyond_the_level_wait_until_one_exits_and_a_canceled_wait_ends()
    {
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 1 }, ceiling: 1, new BatchCounts(), TimeProvider.System);
        var first = Enter(gate);
        var second = gate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var third = gate.EnterAsync(cancel.Token);

        Assert.False(second.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(second.IsCompleted);
        gate.Exit(first, ConcurrencyGate.Signal.Success);
        await second.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Racing_attempts_signals_and_canceled_waits_never_pass_the_ceiling_hang_or_strand_a_slot()
    {
        const int Ceiling = 8, Workers = 16, AttemptsEach = 400;
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 4, DecreaseFactor = 0.5 }, Ceiling, new BatchCounts(), TimeProvider.System);
        var running = new Watermark();
        var admitted = 0;
        var canceled = 0;

        var workers = Enumerable.Range(0, Workers).Select(seed => Task.Run(async () =>
        {
            var random = new Random(seed);
            for (var i = 0; i < AttemptsEach; i++)
            {
                using var cancel = new CancellationTokenSource();
                switch (random.Next(8))
                {
                    case 0:
                        cancel.Cancel(); // refused when it would have to wait, admitted when a slot is free
                        break;
                    case 1:
                        cancel.CancelAfter(TimeSpan.FromTicks(random.Next(1, 20_000))); // races the wait, or the admission
                        break;
                }

                long round;
                try
                {
                    round = await gate.EnterAsync(cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref canceled);
                    continue;
                }

                running.Enter();
                Interlocked.Increment(ref admitted);
                if (random.Next(2) == 0)
                {
                    await Task.Yield();
                }

                running.Exit();

                // Mostly successes, so the level spends time at the ceiling, where one admission too many would show.
                gate.Exit(round, random.Next(10) switch { 0 => ConcurrencyGate.Signal.Throttled, 1 => ConcurrencyGate.Signal.Neutral, _ => ConcurrencyGate.Signal.Success });
            }
        })).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60)); // a waiter nobody admits would hang here

        Assert.InRange(running.Max, 1, Ceiling);
        Assert.Equal(Workers * AttemptsEach, admitted + canceled);
        Assert.True(canceled > 0 && admitted > canceled, $"admitted {admitted}, canceled {canceled}");

        // Every slot came back and no canceled waiter is left in line: the level's worth enters at once (Enter asserts it).
        for (var slot = gate.Level; slot > 0; slot--)
        {
            Enter(gate);
        }
    }

    [Fact]
    public async Task The_ceiling_holds_while_adapting_and_the_level_falls_to_the_minimum_on_429s()
    {
        // How fast the level rises depends on how many attempts run at once, which the scheduler decides:
        // the rise is pinned down by the gate tests above; here, the ceiling and the fall.
        var inFlight = new Watermark();
        var work = Node.CreateAsync<TestContext>("call", async (context, token) =>
        {
            inFlight.Enter();
            await Task.Yield();
            inFlight.Exit();
            if (context.Item >= 300)
            {
                throw new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests);
            }
        });
        var progress = new ProgressRecorder();
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 6,
            AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 6, MinimumLevel = 2, DecreaseFactor = 0.5 },
        };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over(Enumerable.Range(0, 400).ToArray()), progress);

        Assert.InRange(inFlight.Max, 1, 6);
        Assert.All(progress.Reports, p => Assert.InRange(p.ConcurrencyLevel, 2, 6));
        Assert.Equal(100, report.Failed);
        Assert.Equal(2, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task A_user_classifier_and_a_latency_threshold_are_throttling_signals()
    {
        // Halving makes the end level certain whatever the interleaving: at most 4 of the 8 items enter before the first
        // signal halves 4 to 2, so at least 4 enter after it, and the first of those to end halves 2 to 1. (With the
        // default factor, 0.9, reaching 1 takes seven rounds, which 8 items reach only when they happen to run one by one.)
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 4,
            AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 4, DecreaseFactor = 0.5, IsThrottled = ex => ex is TimeoutException },
        };
        var progress = new ProgressRecorder();
        var work = Node.Create<TestContext>("call", _ => throw new TimeoutException("busy"));

        await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([1, 2, 3, 4, 5, 6, 7, 8]), progress);

        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel);

        var time = new RecordingTimeProvider();
        var slow = Node.Create<TestContext>("call", _ => time.Advance(TimeSpan.FromSeconds(2)));
        progress.Reports.Clear();
        var latency = options with { TimeProvider = time, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 4, DecreaseFactor = 0.5, LatencyThreshold = TimeSpan.FromSeconds(1) } };
        await new BatchFlow<TestContext, int>(slow, latency).RunAsync(TestContext.Over([1, 2, 3, 4, 5, 6, 7, 8]), progress);

        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task A_refusal_by_a_Polly_rate_limiter_in_the_items_own_pipeline_lowers_the_level()
    {
        // An HttpClient with Microsoft.Extensions.Http.Resilience's standard handler throws this when its limiter refuses.
        var limiter = new ResiliencePipelineBuilder()
            .AddRateLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 }))
            .Build();
        var progress = new ProgressRecorder();
        var refused = 0;
        var work = Node.CreateAsync<TestContext>("call", async (_, token) =>
        {
            try
            {
                // Every call is refused: the limiter's only permit is taken by a call that never ends.
                await limiter.ExecuteAsync(static _ => ValueTask.CompletedTask, token);
            }
            catch (Polly.RateLimiting.RateLimiterRejectedException)
            {
                Interlocked.Increment(ref refused);
                throw;
            }
        });
        using var blocker = new CancellationTokenSource();
        var holding = limiter.ExecuteAsync(async token => await Task.Delay(Timeout.Infinite, token), blocker.Token).AsTask();

        var report = await new BatchFlow<TestContext, int>(work, AdaptiveOptions.HalvingFromFour).RunAsync(TestContext.Over([1, 2, 3, 4, 5, 6, 7, 8]), progress);
        await blocker.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => holding);

        Assert.Equal((8, 8), (report.Failed, refused));
        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel); // 4, 2, 1: as for Floxide's own limiter
    }

    [Theory]
    [InlineData(nameof(AdaptiveConcurrency.IsThrottled))]
    [InlineData(nameof(AdaptiveConcurrency.RetryAfter))]
    public async Task A_reader_that_throws_fails_its_attempt_with_an_error_naming_it_instead_of_being_swallowed(string reader)
    {
        var broken = new FormatException("no Retry-After header");
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2,
            AdaptiveConcurrency = reader == nameof(AdaptiveConcurrency.IsThrottled)
                ? new AdaptiveConcurrency { IsThrottled = _ => throw broken }
                : new AdaptiveConcurrency { RetryAfter = _ => throw broken },
        };
        var work = Node.Create<TestContext>("call", context =>
        {
            if (context.Item == 2)
            {
                throw new TimeoutException("slow");
            }
        });

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([1, 2, 3]));

        Assert.Equal(2, report.Succeeded); // the reader is asked about failures only
        var failure = Assert.IsType<InvalidOperationException>(Assert.Single(report.Failures).Exception);
        Assert.Same(broken, failure.InnerException);
        Assert.StartsWith($"AdaptiveConcurrency.{reader} threw while reading item 1's System.TimeoutException (\"slow\").", failure.Message);
    }

    [Theory]
    [InlineData(false)] // an HTTP 429: a built-in signal decides
    [InlineData(true)] // an exception RetryAfter reads a wait from: RetryAfter decides before anything else
    public async Task IsThrottled_is_asked_only_when_RetryAfter_and_the_built_in_signals_did_not_decide(bool retryAfterDecides)
    {
        // A classifier that throws would fail the item with an error naming it: the item fails with its own exception
        // only if the classifier was never asked.
        Exception thrown = retryAfterDecides ? new TimeoutException("come back in 5 s") : new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests);
        var time = new FakeTimeProvider(); // the pause RetryAfter asks for is never waited out: the batch has one item
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2,
            TimeProvider = time,
            AdaptiveConcurrency = new AdaptiveConcurrency
            {
                InitialLevel = 2,
                DecreaseFactor = 0.5,
                RetryAfter = retryAfterDecides ? ex => ex is TimeoutException ? TimeSpan.FromSeconds(5) : null : null,
                IsThrottled = _ => throw new InvalidOperationException("IsThrottled was asked"),
            },
        };
        var progress = new ProgressRecorder();
        var work = Node.Create<TestContext>("call", _ => throw thrown);

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0]), progress).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Same(thrown, Assert.Single(report.Failures).Exception);
        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel); // and it was a signal
    }

    [Fact]
    public async Task A_429_that_a_steps_retry_absorbs_still_lowers_the_level_though_every_item_succeeds()
    {
        // As in the classifier test above, halving makes the end level certain: the first absorbed 429 halves 4 to 2, and
        // of the items that enter after it, the first to meet its 429 halves 2 to 1. Without the step's signals every
        // attempt would end as a success and the level would stay at the ceiling.
        var calls = new ConcurrentDictionary<int, int>();
        var work = Node.Create<TestContext>("call", context =>
        {
            if (calls.AddOrUpdate(context.Item, 1, (_, count) => count + 1) == 1)
            {
                throw new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests);
            }
        }).WithResilience(RetryAtOnce());
        var progress = new ProgressRecorder();

        var report = await new BatchFlow<TestContext, int>(work, AdaptiveOptions.HalvingFromFour).RunAsync(TestContext.Over([1, 2, 3, 4, 5, 6, 7, 8]), progress);

        Assert.Equal(8, report.Succeeded);
        Assert.All(report.Results, result => Assert.Equal(1, result.Attempts)); // the step retried, not the item
        Assert.All(calls.Values, count => Assert.Equal(2, count));
        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task A_refusal_by_a_rate_limit_inside_a_steps_retry_lowers_the_level_when_the_pipeline_adds_throttling_signals_after_the_retry()
    {
        // The refusal is thrown by the step pipeline's own rate limit, not by the node: the signals Node.WithResilience
        // adds around the node never see it; only the AddThrottlingSignals() right after the retry does. One item, level
        // 2 halving: a refusal heard takes it to 1, and the success after it cannot raise it within that round.
        using var permit = new RefusedOncePermit(); // the first permit is refused, then granted
        var runs = 0;
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(permit.RetryOnRefusal)
            .AddThrottlingSignals()
            .AddRateLimit(permit.Limiter, "payments API")
            .Build();
        var work = Node.Create<TestContext>("pay", _ => Interlocked.Increment(ref runs)).WithResilience(pipeline);
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 2, DecreaseFactor = 0.5 } };
        var progress = new ProgressRecorder();

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0]), progress);

        Assert.Equal(1, report.Succeeded);
        Assert.Equal(1, report.Results[0].Attempts); // the step retried, not the item
        Assert.Equal(1, runs);
        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task A_wait_that_a_steps_retry_absorbs_pauses_the_batch_at_once_while_the_retrying_attempt_goes_on()
    {
        var time = new RecordingTimeProvider();
        var begun = time.GetUtcNow();
        var starts = new ConcurrentQueue<(int Item, DateTimeOffset At)>();
        var retried = new Signal();
        var work = Node.Create<TestContext>("call", context =>
        {
            starts.Enqueue((context.Item, time.GetUtcNow()));
            if (starts.Count == 1)
            {
                throw new QuotaExceededException(TimeSpan.FromSeconds(30));
            }

            if (starts.Count == 2)
            {
                retried.Set();
            }
        }).WithResilience(RetryAtOnce());

        var run = new BatchFlow<TestContext, int>(work, OneAtATimePausingOnQuota(time)).RunAsync(TestContext.Over([0, 1, 2]));
        Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync());
        await retried.WaitAsync(); // the pause's timer starts before the step's retry: advanced sooner, the retry reads the later time
        time.Advance(TimeSpan.FromSeconds(30));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        // Item 0's step is retried at once, inside its attempt; item 1 waits out the pause.
        Assert.Equal([(0, begun), (0, begun), (1, begun + TimeSpan.FromSeconds(30)), (2, begun + TimeSpan.FromSeconds(30))], starts);
        Assert.Equal(3, report.Succeeded);
    }

    [Fact]
    public async Task A_reader_that_throws_inside_a_steps_retry_fails_the_item_once_with_the_error_naming_it()
    {
        var broken = new FormatException("garbled");
        var calls = 0;
        var work = Node.Create<TestContext>("call", _ =>
        {
            Interlocked.Increment(ref calls);
            throw new TimeoutException("slow");
        }).WithResilience(new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3, Delay = TimeSpan.Zero, ShouldHandle = new PredicateBuilder().Handle<TimeoutException>() })
            .Build());
        var options = new BatchOptions { AdaptiveConcurrency = new AdaptiveConcurrency { IsThrottled = _ => throw broken } };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0]));

        Assert.Equal(1, calls); // the retry does not retry the reader's error
        var failure = Assert.IsType<InvalidOperationException>(Assert.Single(report.Failures).Exception);
        Assert.Same(broken, failure.InnerException); // wrapped once: the item does not read the reader's error again
        Assert.StartsWith("AdaptiveConcurrency.IsThrottled threw while reading item 0's System.TimeoutException (\"slow\").", failure.Message);
    }

    [Fact]
    public async Task A_reader_that_throws_fails_the_item_even_when_a_steps_retry_goes_past_it_and_succeeds()
    {
        var broken = new FormatException("garbled");
        var calls = 0;
        var work = Node.Create<TestContext>("call", _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new TimeoutException("slow");
            }
        }).WithResilience(RetryAtOnce()); // retries the reader's error too, and the second call succeeds
        var options = new BatchOptions { AdaptiveConcurrency = new AdaptiveConcurrency { IsThrottled = _ => throw broken } };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0]));

        Assert.Equal(2, calls);
        var failure = Assert.IsType<InvalidOperationException>(Assert.Single(report.Failures).Exception);
        Assert.Same(broken, failure.InnerException);
    }

    [Theory]
    [InlineData(false, typeof(OperationCanceledException))]
    [InlineData(true, typeof(Polly.Timeout.TimeoutRejectedException))]
    public async Task An_attempt_that_times_out_is_read_by_the_classifier_as_the_workflows_cancellation_or_inside_the_admission_as_Pollys_rejection(
        bool insideAdmission, Type read)
    {
        // The item-level timeout cancels the attempt's token, not the batch's. Outside the admission the classifier reads
        // the OperationCanceledException the step ends with; with AddBatchAdmission() before the timeout it reads the
        // timeout's outcome, which Polly has turned into a TimeoutRejectedException. Either way it may call it throttling.
        var time = new FakeTimeProvider();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<TestContext>("call", async (_, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        var seen = new ConcurrentQueue<Exception>();
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time };
        if (insideAdmission)
        {
            pipeline.AddBatchAdmission();
        }

        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2,
            TimeProvider = time,
            ResiliencePipeline = pipeline.AddTimeout(TimeSpan.FromSeconds(1)).Build(),
            AdaptiveConcurrency = new AdaptiveConcurrency
            {
                InitialLevel = 2,
                DecreaseFactor = 0.5,
                IsThrottled = ex =>
                {
                    seen.Enqueue(ex);
                    return read.IsInstanceOfType(ex);
                },
            },
        };
        var progress = new ProgressRecorder();

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0]), progress);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(1));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(Assert.Single(report.Failures).Exception);
        Assert.IsAssignableFrom(read, Assert.Single(seen));
        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task A_429_absorbed_inside_an_inner_batch_that_does_not_adapt_reaches_the_outer_batchs_level()
    {
        // The inner batch has an item pipeline (so an attempt loop of its own) but no adaptive concurrency: its step's
        // signals belong to the outer attempt that runs it.
        var calls = 0;
        var step = Node.Create<TestContext>("call", _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests);
            }
        }).WithResilience(RetryAtOnce());
        var inner = new BatchNode<TestContext, int>("inner", step, new BatchOptions { ResiliencePipeline = RetryAtOnce() });
        var outer = new BatchOptions { MaxDegreeOfParallelism = 2, AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 2, DecreaseFactor = 0.5 } };
        var progress = new ProgressRecorder();

        var report = await new BatchFlow<TestContext, int>(inner, outer).RunAsync(TestContext.Over([1]), progress);

        Assert.Equal(1, report.Succeeded);
        Assert.Equal(2, calls);
        Assert.Equal(1, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task Work_an_attempt_left_running_reports_nothing_once_the_attempt_is_over()
    {
        // Item 0's attempt is over when item 1 runs; what item 0 left behind reports then, while the batch still runs: a
        // report that counted would hold item 2 for an hour of a clock that never moves.
        var time = new RecordingTimeProvider();
        AttemptSignals? leftBehind = null;
        var work = Node.Create<TestContext>("call", context =>
        {
            if (context.Item == 0)
            {
                leftBehind = (AttemptSignals?)ThrottlingSignals.Current;
            }
            else if (context.Item == 1)
            {
                leftBehind!.Observe(new TimeoutException("reported after the attempt ended"));
            }
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, TimeProvider = time, AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = _ => TimeSpan.FromHours(1) } };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(TestContext.Over([0, 1, 2])).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, report.Succeeded);
        Assert.False(leftBehind!.Throttled);
        Assert.False(time.HasUntakenTimer); // no pause, so no timer that would outlive the run
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Canceled_attempts_are_not_read_as_signals_so_a_reader_that_throws_cannot_turn_them_into_failures(bool stepRetry)
    {
        using var started = new CountdownEvent(2);
        INode<TestContext> work = Node.CreateAsync<TestContext>("call", async (_, token) =>
        {
            started.Signal();
            await Task.Delay(Timeout.Infinite, token);
        });
        work = stepRetry ? work.WithResilience(RetryAtOnce()) : work;
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 2,
            AdaptiveConcurrency = new AdaptiveConcurrency { InitialLevel = 2, IsThrottled = _ => throw new FormatException("not for cancellations") },
        };
        using var cancel = new CancellationTokenSource();
        var context = TestContext.Over([1, 2, 3]);

        var run = new BatchFlow<TestContext, int>(work, options).RunAsync(context, cancellationToken: cancel.Token);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        var results = Assert.Single(context.Updates);
        Assert.Equal(0, results.Failed);
        Assert.Equal(3, results.Canceled);
    }

    public static TheoryData<Exception, bool> BuiltInSignals => new()
    {
        { new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests), true },
        { new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable), true },
        { new HttpRequestException("broken", null, HttpStatusCode.InternalServerError), false },
        { new HttpRequestException("no answer"), false },
        { new RateLimitRejectedException("BatchOptions.RateLimiter", null), true },
        { new Polly.RateLimiting.RateLimiterRejectedException(), true },
        { new Polly.RateLimiting.RateLimiterRejectedException(TimeSpan.FromSeconds(1)), true },
        { new Polly.CircuitBreaker.BrokenCircuitException("open"), false },
        { new TimeoutException("slow"), false },
        { new ReportedException(HttpStatusCode.TooManyRequests, "System.Net.Http.HttpRequestException"), true },
        { new ReportedException(HttpStatusCode.ServiceUnavailable, "System.Net.Http.HttpRequestException"), true },
        { new ReportedException(HttpStatusCode.InternalServerError, "System.Net.Http.HttpRequestException"), false },
        { new ReportedException(null, "Floxide.RateLimitRejectedException", "Floxide.FloxideException", "System.Exception"), true },
        { new ReportedException(null, "System.TimeoutException", "System.SystemException", "System.Exception"), false },
        { new ReportedException(null, "Polly.RateLimiting.RateLimiterRejectedException", "Polly.ExecutionRejectedException", "System.Exception"), true },
        { new ReportedException(null, "Polly.ExecutionRejectedException", "System.Exception"), false },
    };

    [Theory]
    [MemberData(nameof(BuiltInSignals))]
    public void Refused_permits_of_Floxide_or_Polly_and_HTTP_429_and_503_are_signals_whether_thrown_here_or_where_an_executor_ran_the_item(Exception exception, bool signal)
    {
        var classifier = new ThrottlingClassifier(new AdaptiveConcurrency());

        Assert.Equal(signal, classifier.IsThrottlingSignal(exception, 0, out var pause));
        Assert.Equal(TimeSpan.Zero, pause);
    }

    [Theory]
    [MemberData(nameof(BuiltInSignals))]
    public void IsBuiltInSignal_answers_as_the_classifier_and_without_the_built_in_signals_none_of_them_is_one(Exception exception, bool signal)
    {
        var classifier = new ThrottlingClassifier(new AdaptiveConcurrency { UseBuiltInSignals = false });

        Assert.Equal(signal, ThrottlingSignals.IsBuiltInSignal(exception));
        Assert.False(classifier.IsThrottlingSignal(exception, 0, out _));
    }

    /// <summary>
    /// A service whose 503 is a fault, not load: without the built-in signals a classifier keeps the 429 and leaves the
    /// 503 out, so a batch of 503s keeps its level where a batch of 429s falls to the minimum (as both do by default).
    /// Halving, as above, makes the end level certain whatever the interleaving.
    /// </summary>
    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, true, 1)]
    [InlineData(HttpStatusCode.TooManyRequests, true, 1)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false, 4)]
    [InlineData(HttpStatusCode.TooManyRequests, false, 1)]
    public async Task Without_the_built_in_signals_only_what_the_classifier_keeps_lowers_the_level(HttpStatusCode status, bool builtIn, int endLevel)
    {
        var adaptive = new AdaptiveConcurrency { InitialLevel = 4, DecreaseFactor = 0.5 };
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = 4,
            AdaptiveConcurrency = builtIn ? adaptive : adaptive with
            {
                UseBuiltInSignals = false,
                IsThrottled = ex => ThrottlingSignals.IsBuiltInSignal(ex) && ex is not HttpRequestException { StatusCode: HttpStatusCode.ServiceUnavailable },
            },
        };
        var progress = new ProgressRecorder();
        var call = Node.Create<TestContext>("call", _ => throw new HttpRequestException("answered", null, status));

        var report = await new BatchFlow<TestContext, int>(call, options).RunAsync(TestContext.Over([1, 2, 3, 4, 5, 6, 7, 8]), progress);

        Assert.Equal(8, report.Failed);
        Assert.Equal(endLevel, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public async Task Without_adaptive_concurrency_progress_reports_the_ceiling()
    {
        var progress = new ProgressRecorder();

        await new BatchFlow<TestContext, int>(Node.Create<TestContext>("w", _ => { }), new BatchOptions { MaxDegreeOfParallelism = 5 }).RunAsync(TestContext.Over([1]), progress);

        Assert.Equal(5, progress.Reports.Last().ConcurrencyLevel);
    }

    [Fact]
    public void A_signal_that_asks_for_a_wait_holds_every_new_attempt_until_it_has_passed_while_running_ones_go_on()
    {
        var time = new FakeTimeProvider();
        var counts = new BatchCounts();
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 4, DecreaseFactor = 0.5 }, ceiling: 4, counts, time);
        var throttled = Enter(gate);
        var running = Enter(gate);
        var signaled = time.GetUtcNow();
        Assert.Null(counts.Progress(null).PausedUntil);

        ExitThrottled(gate, throttled, TimeSpan.FromSeconds(5));

        Assert.Equal(signaled + TimeSpan.FromSeconds(5), counts.Progress(null).PausedUntil); // progress says why nothing starts
        Assert.Equal(2, gate.Level); // one runs and the level is 2: only the pause keeps the next one out
        Assert.False(Admits(gate));
        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.False(Admits(gate));
        gate.Exit(running, ConcurrencyGate.Signal.Neutral); // the attempt that ran through the pause ends; the pause holds
        Assert.False(Admits(gate));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(Admits(gate));
        Assert.Null(counts.Progress(null).PausedUntil);
        Enter(gate);
        Enter(gate); // the level's worth enters at once
        Assert.False(Admits(gate));
    }

    [Fact]
    public void A_longer_wait_extends_the_pause_a_shorter_one_never_shortens_it_and_an_old_rounds_wait_counts_too()
    {
        var time = new FakeTimeProvider();
        var counts = new BatchCounts();
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 4, DecreaseFactor = 0.5 }, ceiling: 4, counts, time);
        var attempts = Enumerable.Range(0, 3).Select(_ => Enter(gate)).ToList();
        var signaled = time.GetUtcNow();

        ExitThrottled(gate, attempts[0], TimeSpan.FromSeconds(5)); // paused until 5 s
        ExitThrottled(gate, attempts[1], TimeSpan.FromSeconds(2)); // shorter: still 5 s
        Assert.Equal(signaled + TimeSpan.FromSeconds(5), counts.Progress(null).PausedUntil);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.False(Admits(gate));
        ExitThrottled(gate, attempts[2], TimeSpan.FromSeconds(10)); // entered before the decrease: the level stays, the pause grows to 13 s

        Assert.Equal(2, gate.Level);
        Assert.Equal(signaled + TimeSpan.FromSeconds(13), counts.Progress(null).PausedUntil);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(Admits(gate));
        time.Advance(TimeSpan.FromSeconds(8) - TimeSpan.FromTicks(1));
        Assert.False(Admits(gate));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(Admits(gate));
    }

    [Fact]
    public void A_wait_longer_than_a_timer_can_hold_is_capped_at_about_49_days_not_a_crash()
    {
        var counts = new BatchCounts();
        using var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 2 }, ceiling: 2, counts, TimeProvider.System);
        var before = DateTimeOffset.UtcNow;

        ExitThrottled(gate, Enter(gate), TimeSpan.MaxValue); // what a reader of a garbled header may return

        Assert.False(Admits(gate));
        Assert.InRange(counts.Progress(null).PausedUntil!.Value - before, TimeSpan.FromDays(49.7), TimeSpan.FromDays(49.8));
    }

    [Fact]
    public async Task Attempts_waiting_out_a_pause_enter_in_order_when_it_ends_and_a_canceled_one_is_skipped()
    {
        var time = new FakeTimeProvider();
        var gate = new ConcurrencyGate(new AdaptiveConcurrency { InitialLevel = 2, DecreaseFactor = 0.5 }, ceiling: 2, new BatchCounts(), time);
        ExitThrottled(gate, Enter(gate), TimeSpan.FromSeconds(1)); // level 1, paused
        using var cancelEarly = new CancellationTokenSource();
        using var cancelSecond = new CancellationTokenSource();
        var canceled = gate.EnterAsync(cancelEarly.Token);
        var first = gate.EnterAsync(CancellationToken.None);
        var second = gate.EnterAsync(cancelSecond.Token);
        var third = gate.EnterAsync(CancellationToken.None);

        await cancelEarly.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromSeconds(1));
        var round = await first.AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        // The level is 1: the pause's end admitted the first in line only. A cancel now ends the second's wait; had it
        // been admitted too, it would have completed with its round instead.
        await cancelSecond.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        gate.Exit(round, ConcurrencyGate.Signal.Neutral);
        await third.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_batch_starts_no_attempt_before_the_wait_a_throttled_attempt_asked_for_has_passed()
    {
        var time = new RecordingTimeProvider();
        var begun = time.GetUtcNow();
        var starts = new ConcurrentQueue<(int Item, DateTimeOffset At)>();
        var work = Node.Create<TestContext>("call", context =>
        {
            starts.Enqueue((context.Item, time.GetUtcNow()));
            if (context.Item == 0)
            {
                throw new QuotaExceededException(TimeSpan.FromSeconds(30));
            }
        });

        var run = new BatchFlow<TestContext, int>(work, OneAtATimePausingOnQuota(time)).RunAsync(TestContext.Over(Enumerable.Range(0, 5).ToArray()));
        Assert.Equal(TimeSpan.FromSeconds(30), await time.NextTimerAsync()); // the pause: item 1 waits it out
        time.Advance(TimeSpan.FromSeconds(30));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([(0, begun), (1, begun + TimeSpan.FromSeconds(30)), (2, begun + TimeSpan.FromSeconds(30))], starts.Take(3));
        Assert.Equal(4, report.Succeeded);
        Assert.IsType<QuotaExceededException>(Assert.Single(report.Failures).Exception);
    }

    [Fact]
    public async Task A_batch_canceled_during_a_pause_ends_at_once_with_the_waiting_items_canceled()
    {
        var time = new RecordingTimeProvider();
        var work = Node.Create<TestContext>("call", context =>
        {
            if (context.Item == 0)
            {
                throw new QuotaExceededException(TimeSpan.FromHours(1));
            }
        });
        using var cancel = new CancellationTokenSource();
        var context = TestContext.Over(Enumerable.Range(0, 5).ToArray());

        var run = new BatchFlow<TestContext, int>(work, OneAtATimePausingOnQuota(time)).RunAsync(context, cancellationToken: cancel.Token);
        Assert.Equal(TimeSpan.FromHours(1), await time.NextTimerAsync());
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30))); // the clock never moved
        var results = Assert.Single(context.Updates);
        Assert.Equal(1, results.Failed);
        Assert.Equal(4, results.Canceled);
    }

    private static long Enter(ConcurrencyGate gate)
    {
        var entered = gate.EnterAsync(CancellationToken.None);
        Assert.True(entered.IsCompletedSuccessfully, "the gate admits below its level at once");
        return entered.Result;
    }

    /// <summary>An attempt's exit after a signal that asked for <paramref name="wait"/>, as the engine reports it.</summary>
    private static void ExitThrottled(ConcurrencyGate gate, long round, TimeSpan wait)
    {
        gate.Throttle(round, wait);
        gate.Exit(round, ConcurrencyGate.Signal.Neutral);
    }

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds of successes the way the engine does with items waiting: the level is kept
    /// full, each exit admitting the next attempt. Returns the level after each round.
    /// </summary>
    private static List<int> BacklogRounds(ConcurrencyGate gate, int rounds)
    {
        var running = new Queue<long>();
        var levels = new List<int>();
        for (var round = 0; round < rounds; round++)
        {
            for (var exits = gate.Level; exits > 0; exits--)
            {
                while (running.Count < gate.Level)
                {
                    running.Enqueue(Enter(gate));
                }

                gate.Exit(running.Dequeue(), ConcurrencyGate.Signal.Success);
            }

            levels.Add(gate.Level);
        }

        return levels;
    }

    /// <summary>Whether the gate would admit an attempt now (one it admits exits at once, changing nothing).</summary>
    private static bool Admits(ConcurrencyGate gate)
    {
        using var canceled = new CancellationTokenSource();
        canceled.Cancel(); // refused at once instead of waiting
        try
        {
            var entered = gate.EnterAsync(canceled.Token);
            gate.Exit(entered.Result, ConcurrencyGate.Signal.Neutral);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Enters as many attempts as the level admits, then exits them all with <paramref name="signal"/>.</summary>
    private static void FullRound(ConcurrencyGate gate, ConcurrencyGate.Signal signal)
    {
        var rounds = Enumerable.Range(0, gate.Level).Select(_ => Enter(gate)).ToList();
        foreach (var round in rounds)
        {
            gate.Exit(round, signal);
        }
    }

    /// <summary>A step pipeline that retries any failure once, at once.</summary>
    private static ResiliencePipeline RetryAtOnce() =>
        new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.Zero }).Build();

    /// <summary>Options for one attempt at a time, pausing the batch for the wait a <see cref="QuotaExceededException"/> asks for.</summary>
    private static BatchOptions OneAtATimePausingOnQuota(TimeProvider time) => new()
    {
        MaxDegreeOfParallelism = 1,
        TimeProvider = time,
        AdaptiveConcurrency = new AdaptiveConcurrency { RetryAfter = ex => (ex as QuotaExceededException)?.RetryAfter },
    };

    /// <summary>What a client throws for a service's 429 with a Retry-After (an HttpRequestException carries no headers).</summary>
    private sealed class QuotaExceededException(TimeSpan retryAfter) : Exception("quota exceeded")
    {
        public TimeSpan RetryAfter { get; } = retryAfter;
    }
}
