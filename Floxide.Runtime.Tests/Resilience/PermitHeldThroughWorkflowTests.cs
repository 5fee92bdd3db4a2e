using System.Threading.RateLimiting;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// The README's Resilience section: "permits are taken before each attempt and held while it runs, through the item's
/// whole workflow", the batch's <see cref="BatchOptions.RateLimiter"/> and an item limiter's partition alike (the
/// example's per-host limit: "a permit is held through the item's attempt, its save and its wait to save included").
/// The other tests run one step per item, where a permit given back after the first step would go unseen.
/// </summary>
public sealed class PermitHeldThroughWorkflowTests
{
    [Theory]
    [InlineData(false)] // BatchOptions.RateLimiter
    [InlineData(true)] // BatchNode.ItemRateLimiter, one partition
    public async Task A_permit_is_held_from_the_first_step_of_an_items_workflow_to_the_end_of_its_last(bool partitioned)
    {
        using var limiter = new SignalingLimiter(new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10 }));
        using var perTenant = PartitionedRateLimiter.Create<int, int>(_ => RateLimitPartition.Get(0, _ => limiter));
        var inWorkflow = new Watermark();
        var saving = new Signal();
        var releaseSave = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstToSave = -1; // whichever item took the permit first: the workers race for it
        var otherFetched = new Signal();
        var fetch = Node.Create<TestContext>("fetch", context =>
        {
            inWorkflow.Enter();
            if (Volatile.Read(ref firstToSave) is var holder && holder != -1 && holder != context.Item)
            {
                otherFetched.Set();
            }
        });
        var save = Node.CreateAsync<TestContext>("save", async (context, token) =>
        {
            if (Interlocked.CompareExchange(ref firstToSave, context.Item, -1) == -1)
            {
                saving.Set();
                await releaseSave.Task.WaitAsync(token); // a slow save, its item's permit in hand
            }

            inWorkflow.Exit();
        });
        var workflow = new WorkflowBuilder<TestContext>("page").StartWith(fetch).Then(fetch, save).Build();
        var options = new BatchOptions { MaxDegreeOfParallelism = 2, RateLimiter = partitioned ? null : limiter };
        var flow = new BatchFlow<TestContext, int>(workflow, options) { ItemRateLimiter = partitioned ? perTenant : null };

        var run = flow.RunAsync(TestContext.Over([0, 1]));
        await saving.WaitAsync();
        // Either the other item queues for the permit the saving one holds (before or after the save began), or (the promise
        // broken) it was given one and fetches. Had the permit gone back after the first step, the other item, queued, was
        // granted it then, before the save began: the queue reads empty.
        await Task.WhenAny(limiter.Queued.WaitAsync(), otherFetched.WaitAsync());
        var fetchedDuringSave = otherFetched.IsSet;
        var queuedDuringSave = limiter.GetStatistics()!.CurrentQueuedCount;
        releaseSave.SetResult();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, report.Succeeded);
        Assert.False(fetchedDuringSave);
        Assert.Equal(1, queuedDuringSave);
        Assert.Equal(1, inWorkflow.Max);
    }
}
