using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Floxide.Testing;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Floxide.Runtime.Tests.Properties;

/// <summary>
/// Runs an <see cref="EngineCase"/> as a user would (the public API only) and holds what came back against a model of the
/// case: README's "What a batch promises", "Draining", "Resilience" and "Durable batches", together. Throws
/// <see cref="InvalidOperationException"/> listing every broken promise.
/// </summary>
public static class EngineCaseChecker
{
    /// <summary>How far the pump moves the pumped clock between two looks at the run.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    /// <summary>A run still going after this long (real time) hung: a bound to fail on, never a wait that orders events.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private const string BatchId = "engine-property";

    public static async Task CheckAsync(EngineCase engineCase)
    {
        var problems = new List<string>();
        var time = new PumpedTime();
        var store = engineCase.Durable ? new InMemoryBatchStore() : null;

        var first = new EngineCaseRun(engineCase, time, cancels: true);
        var firstOutcome = await RunPumpedAsync(first, store);
        Check(first, firstOutcome, before: null, problems, "run");

        if (store is not null && problems.Count == 0)
        {
            // Recorded when final, and the run returns (or throws) only after every finished item is committed.
            var records = await store.ReadItemsAsync(BatchId, CancellationToken.None);
            var finished = firstOutcome.Delivered.Where(r => r.Status is BatchItemStatus.Succeeded or BatchItemStatus.Failed).Select(r => r.Index).ToList();
            var recorded = records.Select(r => r.Index).Order().ToList();
            if (!finished.SequenceEqual(recorded))
            {
                problems.Add($"run: the store holds records of items [{Span(recorded)}], but the items that finished are [{Span(finished)}]");
            }

            var second = new EngineCaseRun(engineCase, time, cancels: false);
            var secondOutcome = await RunPumpedAsync(second, store);
            Check(second, secondOutcome, firstOutcome.Delivered, problems, "resumed run");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{engineCase}:\n  " + string.Join("\n  ", problems.Take(12)) + (problems.Count > 12 ? $"\n  ... {problems.Count - 12} more" : ""));
        }
    }

    /// <summary>Runs the case in its mode while the pump moves the pumped clock on, until the run ends.</summary>
    private static async Task<RunOutcome> RunPumpedAsync(EngineCaseRun run, InMemoryBatchStore? store)
    {
        var c = run.Case;
        using var batchLimiter = c.Limiter == EngineCase.LimiterKind.Batch
            ? new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = c.Permits, QueueLimit = int.MaxValue })
            : null;
        using var itemLimiter = c.Limiter == EngineCase.LimiterKind.ItemPartitions
            ? PartitionedRateLimiter.Create<int, int>(item => RateLimitPartition.GetConcurrencyLimiter(
                item % EngineCaseRun.Partitions, _ => new ConcurrencyLimiterOptions { PermitLimit = c.Permits, QueueLimit = int.MaxValue }))
            : null;
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = c.Limit,
            ErrorMode = c.FailFast ? BatchErrorMode.FailFast : BatchErrorMode.ContinueOnError,
            TimeProvider = run.Time,
            ResiliencePipeline = Pipeline(c, run.Time),
            RateLimiter = batchLimiter,
            CancellationGracePeriod = c.Grace switch
            {
                EngineCase.GraceKind.Finite => TimeSpan.FromMilliseconds(200),
                EngineCase.GraceKind.Infinite => Timeout.InfiniteTimeSpan,
                _ => TimeSpan.Zero,
            },
        };

        var body = Task.Run(() => c.Mode == EngineCase.RunMode.RunStreamingMerge
            ? ExecuteAsync(run, new MergedResultsBatch { Run = run }, options, itemLimiter, store)
            : ExecuteAsync(run, new KeptResultsBatch { Run = run }, options, itemLimiter, store));

        var guard = Stopwatch.StartNew();
        while (!body.IsCompleted && guard.Elapsed < HangGuard)
        {
            run.Time.Advance(Step);
            await Task.Yield();
        }

        if (!body.IsCompleted)
        {
            await run.Cancellation.CancelAsync();
            throw new InvalidOperationException($"{c}: the run did not end (hung); canceled it");
        }

        return await body;
    }

    private static ResiliencePipeline? Pipeline(EngineCase c, TimeProvider time)
    {
        if (c.Retries == 0 && c.Timeout == EngineCase.TimeoutKind.None)
        {
            return null;
        }

        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (c.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = c.Retries,
                Delay = TimeSpan.FromMilliseconds(c.RetryDelayMs),
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
            });
        }

        if (c.Timeout != EngineCase.TimeoutKind.None)
        {
            // As README says a pipeline built in code should: the timeout times the attempt, not its wait to be admitted.
            builder.AddBatchAdmission();
            // A long one never fires in a case that runs as modelled: Polly's longest, a day, is 4.3 million pump steps, which
            // a thread descheduled between Polly arming it and the item holding the clock still would have to sleep through.
            builder.AddTimeout(c.Timeout == EngineCase.TimeoutKind.Short ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromDays(1));
        }

        return builder.Build();
    }

    private static async Task<RunOutcome> ExecuteAsync<TContext>(
        EngineCaseRun run, TContext context, BatchOptions options, PartitionedRateLimiter<int>? itemLimiter, InMemoryBatchStore? store)
        where TContext : class, IBatchContext<TContext, int>, ILedgerItem
    {
        var flow = new BatchFlow<TContext, int>(Node.CreateAsync<TContext>("item", (item, token) => run.RunItemAsync(item, token)), options);
        if (itemLimiter is not null)
        {
            flow = flow.WithItemRateLimiter(itemLimiter);
        }

        var durable = store is null
            ? null
            : new DurableRun<TContext, int>(store, BatchId, new IntOutputCodec<TContext>(c => c.Output, (c, v) => c.Output = v)) { TimeProvider = TimeProvider.System };
        var token = run.Cancellation.Token;
        BatchReport<TContext, int>? report = null;
        Exception? thrown = null;
        try
        {
            if (run.Case.Mode == EngineCase.RunMode.StreamAsync)
            {
                var stream = durable is null ? flow.StreamAsync(context, run, token) : flow.StreamDurableAsync(context, durable, run, token);
                await foreach (var result in stream)
                {
                    run.Yielded(result);
                }
            }
            else
            {
                report = durable is null ? await flow.RunAsync(context, run, token) : await flow.RunDurableAsync(context, durable, run, token);
            }
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        run.Ended();

        var delivered = run.Case.Mode switch
        {
            EngineCase.RunMode.StreamAsync => run.Yields,
            EngineCase.RunMode.RunStreamingMerge => run.Merges,
            _ => report is not null ? report.Results.Select(r => ObservedResult.Of(r)).ToList() : run.Updates.FirstOrDefault()?.Results ?? [],
        };
        var seen = report is null
            ? null
            : new ReportSeen(report.Total, report.Succeeded, report.Failed, report.Canceled, report.Skipped, report.Resumed, report.StoppedAtIndex);
        return new RunOutcome(delivered, seen, thrown);
    }

    private static void Check(EngineCaseRun run, RunOutcome outcome, List<ObservedResult>? before, List<string> problems, string label)
    {
        var c = run.Case;
        void Problem(string text) => problems.Add($"{label}: {text}");

        foreach (var violation in run.Violations)
        {
            Problem(violation);
        }

        if (outcome.Thrown is { } thrown && (thrown is not OperationCanceledException || !run.CancelRequested))
        {
            Problem($"threw {thrown.GetType().Name}: {thrown.Message}{(run.CancelRequested ? "" : " (never canceled)")}");
        }

        if (run.Updates.Count != 1)
        {
            Problem($"UpdateWithResults came {run.Updates.Count} times, not once");
            return;
        }

        var update = run.Updates[0];
        var results = outcome.Delivered;

        // Order and exactly-once: one result per item read, in input order.
        if (update.Total != run.Read)
        {
            Problem($"{run.Read} items were read but the results count {update.Total}");
        }

        if (results.Count != update.Total)
        {
            Problem($"{results.Count} results were handed over for {update.Total} items");
        }

        for (var k = 0; k < results.Count; k++)
        {
            if (results[k].Index != k || results[k].Item != k)
            {
                Problem($"result {k} is item {results[k].Item} at index {results[k].Index}: out of order, lost or twice");
                return;
            }
        }

        // Counts add up, and every failure is in Failures.
        var counts = (
            S: results.LongCount(r => r.Status == BatchItemStatus.Succeeded), F: results.LongCount(r => r.Status == BatchItemStatus.Failed),
            C: results.LongCount(r => r.Status == BatchItemStatus.Canceled), K: results.LongCount(r => r.Status == BatchItemStatus.Skipped));
        if ((update.Succeeded, update.Failed, update.Canceled, update.Skipped) != (counts.S, counts.F, counts.C, counts.K))
        {
            Problem($"UpdateWithResults counts {update.Succeeded}/{update.Failed}/{update.Canceled}/{update.Skipped}, the results {counts.S}/{counts.F}/{counts.C}/{counts.K}");
        }

        if (outcome.Report is { } report
            && (report.Total, report.Succeeded, report.Failed, report.Canceled, report.Skipped, report.Resumed)
            != (update.Total, update.Succeeded, update.Failed, update.Canceled, update.Skipped, update.Resumed))
        {
            Problem($"the report ({report}) and UpdateWithResults ({update.Total}: {update.Succeeded}/{update.Failed}/{update.Canceled}/{update.Skipped}) disagree");
        }

        var failed = results.Where(r => r.Status == BatchItemStatus.Failed).ToList();
        if (!failed.Select(r => (r.Index, r.Exception)).SequenceEqual(update.Failures.Select(r => (r.Index, r.Exception))))
        {
            Problem($"Failures holds [{Span(update.Failures.Select(r => r.Index))}], the failed results are [{Span(failed.Select(r => r.Index))}]");
        }

        if (c.Mode == EngineCase.RunMode.RunStreamingMerge && update.Results.Count != 0)
        {
            Problem($"a streaming context's update holds {update.Results.Count} results, not only the counts and failures");
        }

        // Progress: a last report, before the run ended, that says what the results say.
        if (run.Reports.Count == 0)
        {
            Problem("no progress report");
        }
        else if (run.Reports[^1] is var last
            && (last.Completed, last.Failed, last.Canceled, last.Skipped, last.Resumed) != (counts.S + counts.F, counts.F, counts.C, counts.K, update.Resumed))
        {
            Problem($"the last progress report ({last}) does not match the results");
        }

        // The limits: the batch's, the batch limiter's, each partition's.
        if (run.MaxInFlight > c.Limit)
        {
            Problem($"{run.MaxInFlight} items in flight at once, above the limit {c.Limit}");
        }

        if (c.Limiter == EngineCase.LimiterKind.Batch && run.MaxInFlight > c.Permits)
        {
            Problem($"{run.MaxInFlight} items in flight at once, above the batch limiter's {c.Permits} permits");
        }

        if (c.Limiter == EngineCase.LimiterKind.ItemPartitions && run.MaxPartitionInFlight > c.Permits)
        {
            Problem($"{run.MaxPartitionInFlight} items of one partition in flight at once, above its {c.Permits} permits");
        }

        // No new item or attempt after the cancellation (those already past their last check when it came, at most one a slot).
        if (run.StartedAfterCancel > c.Limit)
        {
            Problem($"{run.StartedAfterCancel} attempts started after the cancellation (at {run.CanceledAt}), more than the {c.Limit} that could have raced it: {string.Join("; ", run.LateStarts)}");
        }

        // Cancellation: canceled items mean the run throws OperationCanceledException, after the merge (the update came).
        if (counts.C > 0 && outcome.Thrown is not OperationCanceledException)
        {
            Problem($"{counts.C} items canceled, but the run did not throw OperationCanceledException");
        }

        var stoppedByFailure = c.FailFast && counts.F > 0;
        if (outcome.Report is { } seen)
        {
            if (stoppedByFailure != seen.StoppedAtIndex.HasValue
                || (seen.StoppedAtIndex is { } at && (at >= results.Count || results[(int)at].Status != BatchItemStatus.Failed)))
            {
                Problem($"StoppedAtIndex is {seen.StoppedAtIndex?.ToString(CultureInfo.InvariantCulture) ?? "null"}");
            }
        }

        var earlier = before?.Where(r => r.Status is BatchItemStatus.Succeeded or BatchItemStatus.Failed).ToDictionary(r => r.Index);
        if (earlier is not null && update.Resumed != earlier.Count)
        {
            Problem($"{update.Resumed} results resumed, {earlier.Count} were recorded");
        }

        foreach (var r in results)
        {
            var attempts = run.AttemptsOf(r.Index);
            if (earlier is not null && earlier.TryGetValue(r.Index, out var recorded))
            {
                // A durable resume restores what finished: never reruns it, and hands back what the first run finished.
                if (!r.Resumed || attempts.Count != 0 || r.Attempts != 0 || r.Status != recorded.Status
                    || (r.Status == BatchItemStatus.Succeeded && r.Output != recorded.Output)
                    || (r.Status == BatchItemStatus.Failed && (r.Exception is not RecordedItemFailureException || r.TimedOut != recorded.TimedOut)))
                {
                    Problem($"item {r.Index} finished before ({recorded}), resumed as {r} after {attempts.Count} attempts");
                }

                continue;
            }

            if (r.Resumed)
            {
                Problem($"item {r.Index} says it was resumed, but nothing recorded it");
            }

            if (CheckItem(c, r, attempts, run.CancelRequested, stoppedByFailure) is { } wrong)
            {
                Problem($"item {r.Index} ({c.Mix.Of((int)r.Index)}): {wrong}; got {r}, attempts {Describe(attempts)}");
            }

            if (!run.CancelRequested && !stoppedByFailure && !AsModelled(c, r))
            {
                Problem($"item {r.Index} ({c.Mix.Of((int)r.Index)}) in a run nothing stopped: expected {Expected(c, (int)r.Index)}, got {r}, attempts {Describe(attempts)}");
            }
        }

        for (var index = results.Count; index < c.Count; index++)
        {
            if (run.AttemptsOf(index).Count != 0)
            {
                Problem($"item {index} ran, but no result came for it");
                break;
            }
        }

        if (!run.CancelRequested && !stoppedByFailure && results.Count != c.Count)
        {
            Problem($"a run nothing stopped handed over {results.Count} of {c.Count} results");
        }
    }

    /// <summary>Whether <paramref name="r"/> is what its attempts allow; a description of what is wrong, or null.</summary>
    private static string? CheckItem(EngineCase c, ObservedResult r, IReadOnlyList<EngineCaseRun.Attempt> attempts, bool canceled, bool stoppedByFailure)
    {
        if (r.Attempts != attempts.Count)
        {
            return $"reports {r.Attempts} attempts, {attempts.Count} ran";
        }

        // A short timeout may also end a Polly attempt after its admission but before it reaches the workflow (the pumped clock
        // runs far faster than the code between the two): an attempt the result does not count, which took a retry.
        var last = attempts.Count == 0 ? null : attempts[^1];
        var uncounted = c.Timeout == EngineCase.TimeoutKind.Short;
        var retriesLeft = attempts.Count < c.MaxAttempts;
        if (attempts.Count > c.MaxAttempts)
        {
            return $"{attempts.Count} attempts ran, more than the {c.MaxAttempts} the pipeline makes";
        }

        switch (r.Status)
        {
            case BatchItemStatus.Succeeded:
                return last?.End != EngineCaseRun.AttemptEnd.Returned ? "succeeded, but its last attempt did not return"
                    : r.Output != EngineCaseRun.OutputOf(r.Item, attempts.Count) ? $"output {r.Output} is not its last attempt's"
                    : r.Exception is not null ? "succeeded with an exception"
                    : null;
            case BatchItemStatus.Failed when r.TimedOut:
                return c.Timeout == EngineCase.TimeoutKind.None || r.Exception is not TimeoutRejectedException ? "timed out with no timeout, or not with Polly's exception"
                    : last?.End == EngineCaseRun.AttemptEnd.Returned ? "timed out, but its last attempt returned"
                    : (last is null || last.End == EngineCaseRun.AttemptEnd.Threw) && !uncounted ? "timed out, but its last attempt was not canceled"
                    : retriesLeft && !uncounted ? "timed out with retries left"
                    : null;
            case BatchItemStatus.Failed when last?.End == EngineCaseRun.AttemptEnd.Threw:
                return !ReferenceEquals(r.Exception, last.Error) ? $"failed with {r.Exception?.Message}, not its last attempt's exception"
                    : retriesLeft && !uncounted ? "failed with retries left"
                    : null;
            case BatchItemStatus.Failed:
                return "failed, but no attempt failed";
            case BatchItemStatus.Canceled or BatchItemStatus.Skipped:
                if (r.Status == BatchItemStatus.Canceled ? !canceled : !stoppedByFailure)
                {
                    return r.Status == BatchItemStatus.Canceled ? "canceled, but the batch never was" : "skipped, but no failure stopped the batch";
                }

                return last is null || last.End == EngineCaseRun.AttemptEnd.Canceled || (last.End == EngineCaseRun.AttemptEnd.Threw && (retriesLeft || uncounted))
                    ? null
                    : $"{r.Status}, but its last attempt {(last.End == EngineCaseRun.AttemptEnd.Returned ? "succeeded" : "failed with no retry left")}";
            default:
                return "an unknown status";
        }
    }

    /// <summary>
    /// Whether a result of a run nothing stopped is the one the model gives (<see cref="Expected"/>); with a short timeout,
    /// an item may also time out where the model has it succeed or fail on its own (see <see cref="CheckItem"/>).
    /// </summary>
    private static bool AsModelled(EngineCase c, ObservedResult r)
    {
        var expected = Expected(c, (int)r.Index);
        return c.Timeout != EngineCase.TimeoutKind.Short
            ? (r.Status, r.Attempts, r.TimedOut) == expected
            : r.Status is BatchItemStatus.Succeeded or BatchItemStatus.Failed && (!expected.TimedOut || r is { Status: BatchItemStatus.Failed, TimedOut: true });
    }

    /// <summary>What a run that nothing stops makes of the item at <paramref name="index"/>: its status, attempts, and whether it timed out.</summary>
    private static (BatchItemStatus Status, int Attempts, bool TimedOut) Expected(EngineCase c, int index) => c.Mix.Of(index) switch
    {
        ItemMix.Behaviour.Wait when c.Timeout == EngineCase.TimeoutKind.Short => (BatchItemStatus.Failed, c.MaxAttempts, true),
        ItemMix.Behaviour.Throw => (BatchItemStatus.Failed, c.MaxAttempts, false),
        ItemMix.Behaviour.Flaky when c.Mix.FailuresOf(index) >= c.MaxAttempts => (BatchItemStatus.Failed, c.MaxAttempts, false),
        ItemMix.Behaviour.Flaky => (BatchItemStatus.Succeeded, c.Mix.FailuresOf(index) + 1, false),
        _ => (BatchItemStatus.Succeeded, 1, false),
    };

    private static string Describe(IReadOnlyList<EngineCaseRun.Attempt> attempts) =>
        attempts.Count == 0 ? "none" : string.Join(", ", attempts);

    private static string Span(IEnumerable<long> indices)
    {
        var list = indices.ToList();
        return list.Count <= 12 ? string.Join(", ", list) : string.Join(", ", list.Take(12)) + $", ... ({list.Count})";
    }

    private sealed record ReportSeen(long Total, long Succeeded, long Failed, long Canceled, long Skipped, long Resumed, long? StoppedAtIndex);

    private sealed record RunOutcome(List<ObservedResult> Delivered, ReportSeen? Report, Exception? Thrown);
}
