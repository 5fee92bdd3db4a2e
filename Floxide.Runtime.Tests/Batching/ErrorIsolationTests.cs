using System.Collections.Concurrent;
using Floxide.Runtime.Tests.Support;

namespace Floxide.Runtime.Tests.Batching;

public class ErrorIsolationTests
{
    [Fact]
    public async Task When_every_seventh_item_throws_all_others_succeed_and_each_failure_keeps_its_exception()
    {
        var work = Node.CreateAsync<TestContext>("work", async (context, cancellationToken) =>
        {
            await Task.Yield();
            if (context.Item % 7 == 0)
            {
                throw new InvalidOperationException($"item {context.Item} is cursed");
            }

            context.Output = context.Item + 1;
        });
        var context = TestContext.Over(Enumerable.Range(0, 100).ToArray());

        var report = await new BatchFlow<TestContext, int>(work, new() { MaxDegreeOfParallelism = 4 }).RunAsync(context);

        Assert.Equal(15, report.Failed);
        Assert.Equal(85, report.Succeeded);
        Assert.Null(report.StoppedAtIndex);
        foreach (var result in report.Results)
        {
            if (result.Item % 7 == 0)
            {
                Assert.Equal(BatchItemStatus.Failed, result.Status);
                var exception = Assert.IsType<InvalidOperationException>(result.Exception);
                Assert.Equal($"item {result.Item} is cursed", exception.Message);
                Assert.NotNull(result.Context); // the item context as the failing workflow left it
            }
            else
            {
                Assert.Equal(BatchItemStatus.Succeeded, result.Status);
                Assert.Null(result.Exception);
                Assert.Equal(result.Item + 1, result.Context!.Output);
            }
        }

        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 7 == 0), report.Results.Failures.Select(f => f.Item));
    }

    [Fact]
    public async Task A_failing_item_workflow_reports_the_node_that_threw()
    {
        var parse = Node.Create<TestContext>("parse", context => { context.Output = context.Item; });
        var check = Node.Create<TestContext>("check", context =>
        {
            if (context.Output == 3)
            {
                throw new FormatException("three is not allowed");
            }
        });
        var itemWorkflow = new WorkflowBuilder<TestContext>("item").StartWith(parse).Then(parse, check).Build();
        var context = TestContext.Over([1, 2, 3, 4]);

        var report = await new BatchFlow<TestContext, int>(itemWorkflow).RunAsync(context);

        var failure = Assert.Single(report.Results.Failures);
        Assert.Equal(2, failure.Index);
        Assert.Equal("check", failure.FailedStepId);
        var exception = Assert.IsType<FormatException>(failure.Exception); // what the step threw, not the workflow's wrapper
        Assert.Equal("three is not allowed", exception.Message);
    }

    [Fact]
    public async Task A_failed_item_has_one_exception_rule_for_a_single_node_a_workflow_and_a_nested_workflow()
    {
        var boom = Node.Create<TestContext>("boom", _ => throw new FormatException("bad"));
        var inner = new WorkflowBuilder<TestContext>("inner").StartWith(boom).Build();
        var outer = new WorkflowBuilder<TestContext>("outer").StartWith(inner).Build();

        foreach (var (itemWorkflow, expectedStep) in new (INode<TestContext>, string)[] { (boom, "boom"), (inner, "boom"), (outer, "boom") })
        {
            var report = await new BatchFlow<TestContext, int>(itemWorkflow).RunAsync(TestContext.Over([1]));

            var failure = Assert.Single(report.Failures);
            Assert.Equal("bad", Assert.IsType<FormatException>(failure.Exception).Message);
            Assert.Equal(expectedStep, failure.FailedStepId);
        }
    }

    [Fact]
    public async Task A_step_raising_a_floxide_error_keeps_it_and_names_its_node()
    {
        var choose = Node.Route<TestContext>("choose", _ => "nowhere");
        var itemWorkflow = new WorkflowBuilder<TestContext>("item").StartWith(choose).Then(choose, Node.Create<TestContext>("next", _ => { })).Build();

        var report = await new BatchFlow<TestContext, int>(itemWorkflow).RunAsync(TestContext.Over([1]));

        var failure = Assert.Single(report.Failures);
        Assert.IsType<UnroutedActionException>(failure.Exception);
        Assert.Equal("choose", failure.FailedStepId);
    }

    [Fact]
    public async Task A_throwing_item_context_factory_fails_only_that_item()
    {
        var context = new ThrowingFactoryContext { Items = [1, 2, 3], FailingItem = 2 };

        var report = await new BatchFlow<ThrowingFactoryContext, int>(
            Node.Create<ThrowingFactoryContext>("work", c => { c.Output = 1; })).RunAsync(context);

        Assert.Equal([BatchItemStatus.Succeeded, BatchItemStatus.Failed, BatchItemStatus.Succeeded], report.Results.Select(r => r.Status));
        Assert.IsType<ArgumentException>(report.Results[1].Exception);
        Assert.Null(report.Results[1].Context);
        Assert.Null(report.Results[1].FailedStepId); // no step ran
    }

    [Fact]
    public async Task Fail_fast_starts_nothing_after_the_first_failure_and_reports_the_rest_skipped()
    {
        var started = new ConcurrentBag<int>();
        var work = Node.Create<TestContext>("work", context =>
        {
            started.Add(context.Item);
            if (context.Item == 10)
            {
                throw new InvalidOperationException("stop here");
            }
        });
        var context = TestContext.Over(Enumerable.Range(0, 100).ToArray());
        var options = new BatchOptions { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast };

        var report = await new BatchFlow<TestContext, int>(work, options).RunAsync(context);

        Assert.Equal(Enumerable.Range(0, 11), started.Order());
        Assert.Equal(10L, report.StoppedAtIndex);
        Assert.Equal(100, report.Total); // an in-memory source is accounted for in full
        Assert.Equal(10, report.Succeeded);
        Assert.Equal(1, report.Failed);
        Assert.Equal(89, report.Skipped);
        Assert.All(report.Results.Skip(11), r =>
        {
            Assert.Equal(BatchItemStatus.Skipped, r.Status);
            Assert.Null(r.Context);
        });
        Assert.Single(context.Updates);
    }

    [Fact]
    public async Task Fail_fast_with_parallel_workers_skips_only_items_that_never_started()
    {
        var started = new ConcurrentDictionary<int, bool>();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Node.CreateAsync<StreamingTestContext>("work", async (context, cancellationToken) =>
        {
            started[context.Item] = true;
            await Task.Yield();
            if (context.Item == 40)
            {
                throw new InvalidOperationException("stop here");
            }

            if (context.Item >= 100)
            {
                // Later items wait until the batch has stopped (a loaded machine could otherwise start them all first).
                await Task.WhenAny(stopped.Task, Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None));
            }
        });
        StreamingTestContext context = null!;
        context = new StreamingTestContext
        {
            Items = () => new BatchItems<int>(Enumerable.Range(0, 400).ToArray()),

            // Item 40's failure stops the batch before its result is published, so once it is merged nothing new starts:
            // releasing the waiting items here, not when item 40 throws, leaves no window in which they run on.
            OnMerge = _ =>
            {
                if (context.StatusOf.ContainsKey(40))
                {
                    stopped.TrySetResult();
                }
            },
        };
        var options = new BatchOptions { MaxDegreeOfParallelism = 4, ErrorMode = BatchErrorMode.FailFast };

        var report = await new BatchFlow<StreamingTestContext, int>(work, options).RunAsync(context);

        Assert.Equal(400, report.Total);
        Assert.True(report.Skipped > 0);
        Assert.Equal(400, context.StatusOf.Count);
        foreach (var (item, status) in context.StatusOf)
        {
            Assert.Equal(status == BatchItemStatus.Skipped, !started.ContainsKey(item));
        }
    }

    [Fact]
    public async Task A_fail_fast_batch_node_merges_first_then_throws_naming_the_item()
    {
        var work = Node.Create<TestContext>("work", context =>
        {
            if (context.Item == 2)
            {
                throw new InvalidOperationException("bad item");
            }
        });
        var node = new BatchNode<TestContext, int>("files", work, new BatchOptions { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast });
        var context = TestContext.Over([0, 1, 2, 3, 4]);

        var exception = await Assert.ThrowsAsync<BatchFailedException>(() => node.RunAsync(context, CancellationToken.None).AsTask());

        Assert.Equal("files", exception.NodeId);
        Assert.Equal(2L, exception.ItemIndex);
        Assert.Equal("work", exception.FailedStepId);
        Assert.Equal("Batch node 'files' stopped: item 2 failed at step 'work': bad item", exception.Message);
        Assert.IsType<InvalidOperationException>(exception.InnerException);
        var results = Assert.Single(context.Updates);
        Assert.Equal(
            [BatchItemStatus.Succeeded, BatchItemStatus.Succeeded, BatchItemStatus.Failed, BatchItemStatus.Skipped, BatchItemStatus.Skipped],
            results.Select(r => r.Status));
    }

    [Fact]
    public async Task A_batch_node_can_route_a_workflow_on_failures()
    {
        var work = Node.Create<TestContext>("work", context =>
        {
            if (context.Item == 1)
            {
                throw new InvalidOperationException("bad item");
            }
        });
        var batch = new BatchNode<TestContext, int>("batch", work, new BatchOptions { FailureAction = "some-failed" });
        var reported = new List<string>();
        var ok = Node.Create<TestContext>("all-ok", _ => reported.Add("ok"));
        var triage = Node.Create<TestContext>("triage", c => reported.Add($"triage {c.Updates[0].Failed}"));
        var workflow = new WorkflowBuilder<TestContext>("main").StartWith(batch).Then(batch, ok).On(batch, "some-failed", triage).Build();

        await workflow.RunAsync(TestContext.Over([0, 1, 2]), CancellationToken.None);

        Assert.Equal(["triage 1"], reported);
    }
}
