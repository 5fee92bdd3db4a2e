using Floxide.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// The clock a batch gives the declared pipelines of the steps it runs (<see cref="GeneratedResilience.OnBatchClock"/>)
/// is theirs while the batch runs, and not of work an item left running once the batch ended: that work would otherwise
/// wait its declared delays on a test's clock that nobody advances any more.
/// </summary>
public sealed class BatchClockTests
{
    [Fact]
    public async Task Work_an_item_left_running_is_back_on_the_systems_clock_once_its_batch_ended()
    {
        var declared = GeneratedResilience.Declare(time => new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(TimeSpan.FromSeconds(1)).Build());
        var later = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var duringTheBatch = new TaskCompletionSource<ResiliencePipeline>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<ResiliencePipeline>? background = null;
        var item = Node.CreateAsync<TestContext>("item", async (_, _) =>
        {
            background ??= Task.Run(async () =>
            {
                duringTheBatch.SetResult(GeneratedResilience.OnBatchClock(declared));
                await later.Task;
                return GeneratedResilience.OnBatchClock(declared);
            });
            await duringTheBatch.Task; // the batch ends only after its work read the clock
        });
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, TimeProvider = new FakeTimeProvider() };

        var run = new BatchFlow<TestContext, int>(item, options).RunAsync(TestContext.Over([0]));
        Assert.NotSame(declared, await duringTheBatch.Task.WaitAsync(TimeSpan.FromSeconds(30))); // on the batch's clock
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        later.SetResult();
        Assert.Same(declared, await background!.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
