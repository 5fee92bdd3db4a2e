using Floxide.Generators.Tests.DependencyInjection.Integration;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;

namespace Floxide.Generators.Tests.DependencyInjection;

/// <summary>
/// <c>CreateScopedNode</c>: a generated node or workflow, registered by this assembly's generated <c>AddFloxideNodes()</c>
/// in a container that validates scopes, run in a scope of its own per run. The scoped service is a
/// <see cref="UnitOfWork"/> whose history the <see cref="ScopeProbe"/> keeps; units 1 and 2 are always the ones resolved
/// with the two nodes the scoped node resolves when it is created, to read its id and tell a singleton.
/// </summary>
public sealed class ScopedNodeTests
{
    private const string ByDisposeAsync = "disposed by DisposeAsync";

    [Theory]
    [InlineData(typeof(DisposableUnitOfWork), "disposed by Dispose")]
    [InlineData(typeof(AsyncDisposableUnitOfWork), ByDisposeAsync)]
    [InlineData(typeof(DualDisposableUnitOfWork), ByDisposeAsync)]
    public async Task Each_item_runs_in_a_scope_of_its_own_whose_services_are_disposed_once_after_the_run(Type unitType, string disposed)
    {
        // The first four runs wait until all four are in: four items use their units at once, for certain.
        var probe = new ScopeProbe { Hold = 4 };
        await using var services = Container(probe, unitType);
        var batch = new OrderBatch { Orders = [.. Enumerable.Range(1, 12)] };

        var report = await OrderBatch.CreateBatchFlow(services.CreateScopedNode<SaveOrderNode, OrderBatch>()).RunAsync(batch);

        Assert.Equal(12, report.Succeeded);
        Assert.Empty(probe.Problems); // no unit used by two runs at once, used after its disposal, or disposed while in use
        Assert.Equal(4, probe.InUse.Max);
        Assert.Equal(14, probe.UnitsCreated);
        Assert.Equal(["created", disposed], probe.History(1));
        Assert.Equal(["created", disposed], probe.History(2));
        var units = batch.Orders.Select(order => Assert.Single(probe.UsesBy(order)).Unit).ToList();
        Assert.Equal(12, units.Distinct().Count());
        Assert.All(units, unit => Assert.Equal(["created", "used", disposed], probe.History(unit)));
    }

    [Fact]
    public async Task The_steps_of_one_workflow_run_share_its_scope_and_each_item_has_its_own()
    {
        var probe = new ScopeProbe { Hold = 4 };
        await using var services = Container(probe);
        var batch = new OrderBatch { Orders = [.. Enumerable.Range(1, 8)] };
        var flow = services.CreateScopedNode<OrderFlow, OrderBatch>();

        var report = await OrderBatch.CreateBatchFlow(flow).RunAsync(batch);

        Assert.Equal("order", flow.Id);
        Assert.Equal(8, report.Succeeded);
        Assert.Empty(probe.Problems);
        Assert.Equal(4, probe.InUse.Max);
        var units = new List<int>();
        foreach (var order in batch.Orders)
        {
            var uses = probe.UsesBy(order);
            Assert.Equal(["save", "confirm"], uses.Select(u => u.Step));
            Assert.Equal(uses[0].Unit, uses[1].Unit);
            Assert.Equal(["created", "used", "used", ByDisposeAsync], probe.History(uses[0].Unit));
            units.Add(uses[0].Unit);
        }

        Assert.Equal(8, units.Distinct().Count());
    }

    [Fact]
    public async Task The_items_of_a_batch_step_share_the_runs_scope_and_its_services_while_they_run_at_once()
    {
        // What the README warns of: a scope is per run of the item workflow, not per item of a batch step inside it.
        var probe = new ScopeProbe { Hold = 2 };
        await using var services = Container(probe);
        var flow = services.CreateScopedNode<SaveEachFlow, OrderBatch>();
        var batch = new OrderBatch { Orders = [1, 2, 3, 4] };

        await flow.RunAsync(batch, CancellationToken.None);

        var unit = Assert.Single(batch.Orders.Select(order => Assert.Single(probe.UsesBy(order)).Unit).Distinct());
        Assert.Contains($"unit {unit} used by two runs at once", string.Join("\n", probe.Problems), StringComparison.Ordinal);
        Assert.Equal(["created", "used", "used", "used", "used", ByDisposeAsync], probe.History(unit));
    }

    [Fact]
    public async Task An_item_level_retry_runs_each_attempt_in_a_fresh_scope_after_disposing_the_failed_attempts()
    {
        // Order 2's first attempt fails, as a DbContext's SaveChanges may; the pipeline retries at once (no delay to wait for).
        var probe = new ScopeProbe { Fail = (order, _, run) => order == 2 && run == 1 ? new InvalidOperationException("deadlock victim") : null };
        await using var services = Container(probe);
        var retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero, ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>() })
            .Build();
        var options = OrderBatch.DefaultBatchOptions with { ResiliencePipeline = retry };

        var report = await OrderBatch.CreateBatchFlow(services.CreateScopedNode<SaveOrderNode, OrderBatch>(), options).RunAsync(new OrderBatch { Orders = [1, 2, 3] });

        Assert.Equal([(1, BatchItemStatus.Succeeded), (2, BatchItemStatus.Succeeded), (1, BatchItemStatus.Succeeded)], report.Results.Select(r => (r.Attempts, r.Status)));
        Assert.Empty(probe.Problems);
        var attempts = probe.UsesBy(2).Select(u => u.Unit).ToList();
        Assert.Equal(2, attempts.Distinct().Count());
        Assert.All(attempts, unit => Assert.Equal(["created", "used", ByDisposeAsync], probe.History(unit)));
        Assert.True(
            probe.IndexOf(e => e.Unit == attempts[0] && e.What == ByDisposeAsync) < probe.IndexOf(e => e.Unit == attempts[1] && e.What == "created"),
            "the failed attempt's scope is disposed before the next attempt's is created");
    }

    [Fact]
    public async Task A_step_level_retry_reruns_the_step_in_the_same_scope()
    {
        // [Retry] on the node: its generated RunAsync retries the step, inside one run of the scoped node.
        var probe = new ScopeProbe { Fail = (_, _, run) => run == 1 ? new TimeoutException("lock timeout") : null };
        await using var services = Container(probe);
        var batch = new OrderBatch { Orders = [1, 2, 3] };

        var report = await OrderBatch.CreateBatchFlow(services.CreateScopedNode<ReserveStockNode, OrderBatch>()).RunAsync(batch);

        Assert.All(report.Results, r => Assert.Equal((1, BatchItemStatus.Succeeded), (r.Attempts, r.Status)));
        Assert.Empty(probe.Problems);
        var units = batch.Orders.Select(order =>
        {
            var runs = probe.UsesBy(order);
            Assert.Equal(2, runs.Count);
            Assert.Equal(runs[0].Unit, runs[1].Unit);
            Assert.Equal(["created", "used", "used", ByDisposeAsync], probe.History(runs[0].Unit));
            return runs[0].Unit;
        });
        Assert.Equal(3, units.Distinct().Count());
    }

    [Theory]
    [InlineData("save")]
    [InlineData("confirm")]
    public async Task A_failed_item_reports_what_the_failing_step_threw_and_its_id_as_without_the_scope_and_the_scope_is_disposed(string failingStep)
    {
        var broken = new InvalidOperationException("order 2 is broken");
        Func<int, string, int, Exception?> fail = (order, step, _) => order == 2 && step == failingStep ? broken : null;
        var probe = new ScopeProbe { Fail = fail };
        await using var services = Container(probe);
        var scoped = failingStep == "save" ? services.CreateScopedNode<SaveOrderNode, OrderBatch>() : services.CreateScopedNode<OrderFlow, OrderBatch>();

        // The same node or workflow, built by hand on a unit of its own, shared by every item: what the wrapper must not change.
        var plainProbe = new ScopeProbe { Fail = fail };
        var unit = new DualDisposableUnitOfWork(plainProbe);
        INode<OrderBatch> plain = failingStep == "save"
            ? new SaveOrderNode(unit, plainProbe)
            : new OrderFlow(new SaveOrderNode(unit, plainProbe), new ConfirmOrderNode(unit, plainProbe));

        var report = await OrderBatch.CreateBatchFlow(scoped).RunAsync(new OrderBatch { Orders = [1, 2, 3] });
        var plainReport = await OrderBatch.CreateBatchFlow(plain).RunAsync(new OrderBatch { Orders = [1, 2, 3] });

        var failed = report.Results[1];
        Assert.Equal(BatchItemStatus.Failed, failed.Status);
        Assert.Same(broken, failed.Exception);
        Assert.Equal(failingStep, failed.FailedStepId);
        Assert.Equal(plainReport.Results.Select(r => (r.Status, r.Exception, r.FailedStepId, r.Attempts)), report.Results.Select(r => (r.Status, r.Exception, r.FailedStepId, r.Attempts)));
        Assert.Empty(probe.Problems);
        var uses = probe.UsesBy(2);
        Assert.Equal(failingStep, uses[^1].Step);
        Assert.Equal(ByDisposeAsync, probe.History(uses[0].Unit)[^1]);
    }

    [Fact]
    public async Task A_run_canceled_while_it_runs_disposes_its_scope_before_RunAsync_ends()
    {
        // The step cancels the run's token and throws for it, all on this thread; the scope's disposal then waits for the test.
        using var cancellation = new CancellationTokenSource();
        var probe = new ScopeProbe { CancelWhileRunning = cancellation };
        await using var services = Container(probe, typeof(AsyncDisposableUnitOfWork));
        var node = services.CreateScopedNode<SaveOrderNode, OrderBatch>();
        probe.HoldDisposals = true;

        var run = node.RunAsync(new OrderBatch { Order = 7 }, cancellation.Token);

        Assert.False(run.IsCompleted, "RunAsync ends only once its scope is disposed");
        Assert.Equal(["created", "used"], probe.History(3));
        probe.ReleaseDisposals();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await run);
        Assert.Equal(["created", "used", ByDisposeAsync], probe.History(3));
        Assert.Empty(probe.Problems);
    }

    [Fact]
    public async Task A_canceled_batch_disposes_the_scope_of_each_item_it_canceled_while_running()
    {
        var probe = new ScopeProbe { Hold = 4, WaitForCancellation = true };
        await using var services = Container(probe);
        var batch = new OrderBatch { Orders = [1, 2, 3, 4] };
        using var cancellation = new CancellationTokenSource();

        var run = OrderBatch.CreateBatchFlow(services.CreateScopedNode<SaveOrderNode, OrderBatch>()).RunAsync(batch, null, cancellation.Token);
        await probe.Held;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(probe.Problems);
        Assert.Equal(6, probe.UnitsCreated);
        Assert.All(batch.Orders, order => Assert.Equal(["created", "used", ByDisposeAsync], probe.History(Assert.Single(probe.UsesBy(order)).Unit)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_disposal_that_throws_fails_the_item_with_its_exception_in_place_of_what_the_run_threw(bool runThrows)
    {
        // As await using: the disposal's exception is the run's, whether the run succeeded or threw.
        var disposal = new InvalidOperationException("connection broken while disposing");
        var probe = new ScopeProbe
        {
            Fail = (order, _, _) => runThrows && order == 2 ? new TimeoutException("the run's own failure") : null,
            DisposalFailure = order => order == 2 ? disposal : null,
        };
        await using var services = Container(probe);

        var report = await OrderBatch.CreateBatchFlow(services.CreateScopedNode<SaveOrderNode, OrderBatch>()).RunAsync(new OrderBatch { Orders = [1, 2, 3] });

        Assert.Equal([BatchItemStatus.Succeeded, BatchItemStatus.Failed, BatchItemStatus.Succeeded], report.Results.Select(r => r.Status));
        Assert.Same(disposal, report.Results[1].Exception);
        Assert.Equal("save", report.Results[1].FailedStepId);
        Assert.Empty(probe.Problems);
        Assert.Equal(["created", "used", ByDisposeAsync], probe.History(Assert.Single(probe.UsesBy(2)).Unit));
    }

    [Fact]
    public async Task A_disposal_that_throws_after_the_run_observed_its_cancellation_fails_the_run_with_the_disposals_exception()
    {
        using var cancellation = new CancellationTokenSource();
        var disposal = new InvalidOperationException("connection broken while disposing");
        var probe = new ScopeProbe { CancelWhileRunning = cancellation, DisposalFailure = order => order == 7 ? disposal : null };
        await using var services = Container(probe, typeof(AsyncDisposableUnitOfWork));
        var node = services.CreateScopedNode<SaveOrderNode, OrderBatch>();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () => await node.RunAsync(new OrderBatch { Order = 7 }, cancellation.Token));

        Assert.Same(disposal, thrown);
        Assert.Equal(["created", "used", ByDisposeAsync], probe.History(3));
    }

    [Fact]
    public async Task In_a_canceled_batch_an_item_whose_disposal_throws_is_failed_and_the_others_canceled()
    {
        var disposal = new InvalidOperationException("connection broken while disposing");
        var probe = new ScopeProbe { Hold = 4, WaitForCancellation = true, DisposalFailure = order => order == 2 ? disposal : null };
        await using var services = Container(probe);
        var batch = new OrderBatch { Orders = [1, 2, 3, 4] };
        using var cancellation = new CancellationTokenSource();
        var results = new List<BatchItemResult<OrderBatch, int>>();

        var run = Task.Run(async () =>
        {
            await foreach (var result in OrderBatch.CreateBatchFlow(services.CreateScopedNode<SaveOrderNode, OrderBatch>()).StreamAsync(batch, cancellation.Token))
            {
                results.Add(result);
            }
        });
        await probe.Held;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal([BatchItemStatus.Canceled, BatchItemStatus.Failed, BatchItemStatus.Canceled, BatchItemStatus.Canceled], results.Select(r => r.Status));
        Assert.Same(disposal, results[1].Exception);
        Assert.Empty(probe.Problems);
        Assert.All(batch.Orders, order => Assert.Equal(["created", "used", ByDisposeAsync], probe.History(Assert.Single(probe.UsesBy(order)).Unit)));
    }

    [Fact]
    public async Task A_batch_canceled_while_an_item_waits_to_retry_leaves_no_scope_undisposed()
    {
        // Order 2's first attempt fails; the batch is canceled during the retry's delay, when no attempt of it runs.
        var probe = new ScopeProbe { Fail = (order, _, run) => order == 2 && run == 1 ? new InvalidOperationException("deadlock victim") : null };
        await using var services = Container(probe);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromHours(1),
                ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>(),
                OnRetry = _ =>
                {
                    waiting.TrySetResult();
                    return default;
                },
            })
            .Build();
        var options = OrderBatch.DefaultBatchOptions with { ResiliencePipeline = retry };
        using var cancellation = new CancellationTokenSource();

        var run = OrderBatch.CreateBatchFlow(services.CreateScopedNode<SaveOrderNode, OrderBatch>(), options).RunAsync(new OrderBatch { Orders = [1, 2, 3] }, null, cancellation.Token);
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(probe.Problems);
        Assert.Equal(["created", "used", ByDisposeAsync], probe.History(Assert.Single(probe.UsesBy(2)).Unit));
        Assert.All(Enumerable.Range(1, probe.UnitsCreated), unit => Assert.Equal(ByDisposeAsync, probe.History(unit)[^1]));
    }

    [Fact]
    public async Task Creating_reads_the_id_once_from_nodes_resolved_in_two_scopes_disposed_at_once()
    {
        var probe = new ScopeProbe();
        await using var services = Container(probe);

        var node = services.CreateScopedNode<SaveOrderNode, OrderBatch>();

        Assert.Equal(["created", ByDisposeAsync], probe.History(1));
        Assert.Equal(["created", ByDisposeAsync], probe.History(2));
        Assert.Equal(("save", "save"), (node.Id, node.Id));
        Assert.Equal(2, probe.UnitsCreated);
    }

    [Fact]
    public async Task A_node_registered_as_a_singleton_fails_at_creation_even_where_scopes_are_not_validated()
    {
        // Outside Development a host does not validate scopes: the singleton would be built once, with one scope's unit,
        // and run every item with it.
        var probe = new ScopeProbe();
        var collection = new ServiceCollection().AddSingleton(probe).AddScoped<UnitOfWork>(_ => new DualDisposableUnitOfWork(probe));
        collection.AddSingleton<SaveOrderNode>();
        await using var services = collection.AddFloxideNodes().BuildServiceProvider();

        var singleton = Assert.Throws<InvalidOperationException>(() => services.CreateScopedNode<SaveOrderNode, OrderBatch>());

        Assert.Equal(
            $"{typeof(SaveOrderNode).FullName} is registered as a singleton, so every run would share one instance and the scoped services it was "
            + "created with. Register it transient, as services.AddFloxideNodes() does, or drop the registration made before it.",
            singleton.Message);
    }

    [Fact]
    public async Task A_run_whose_node_has_another_id_than_at_creation_fails_naming_both()
    {
        var probe = new ScopeProbe();
        await using var services = Container(probe, register: s => s.AddTransient<TenantNode>());
        var node = services.CreateScopedNode<TenantNode, OrderBatch>();

        var changed = await Assert.ThrowsAsync<InvalidOperationException>(async () => await node.RunAsync(new OrderBatch(), CancellationToken.None));

        Assert.Equal("tenant-1", node.Id);
        Assert.Contains("has the id 'tenant-3', but had 'tenant-1' when its scoped node was created", changed.Message, StringComparison.Ordinal);
        Assert.Equal(["created", ByDisposeAsync], probe.History(3));
    }

    [Fact]
    public async Task An_unregistered_node_type_fails_at_creation_naming_it_and_how_to_register_it()
    {
        await using var services = Container(new ScopeProbe(), nodes: false);

        var missing = Assert.Throws<InvalidOperationException>(() => services.CreateScopedNode<SaveOrderNode, OrderBatch>());

        Assert.Equal(
            $"{typeof(SaveOrderNode).FullName} is not registered in the container, so it cannot be resolved for each run. Register it first: "
            + "services.AddFloxideNodes() registers the assembly's [Node] and [Workflow] types.",
            missing.Message);
    }

    [Fact]
    public async Task A_node_whose_dependency_is_not_registered_fails_at_creation_naming_the_node_and_the_dependency()
    {
        // ValidateOnBuild cannot see it: the generated registration is a factory.
        await using var services = new ServiceCollection()
            .AddScoped<UnitOfWork>(_ => new DualDisposableUnitOfWork(new ScopeProbe()))
            .AddFloxideNodes()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var failed = Assert.Throws<InvalidOperationException>(() => services.CreateScopedNode<SaveOrderNode, OrderBatch>());

        Assert.StartsWith($"{typeof(SaveOrderNode).FullName} is registered, but the container could not create it: ", failed.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(ScopeProbe).FullName!, failed.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failed.InnerException);
    }

    [Fact]
    public async Task Without_a_scope_the_container_refuses_a_node_that_takes_a_scoped_service()
    {
        // Why the feature exists: resolved from the root, as a batch's one shared item workflow would be.
        await using var services = Container(new ScopeProbe());

        var refused = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<SaveOrderNode>());

        Assert.Contains($"Cannot resolve scoped service '{typeof(UnitOfWork).FullName}' from root provider", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_scoped_node_on_a_single_threaded_context_does_not_wait_on_that_context()
    {
        // The throwaway scope's unit yields in DisposeAsync. On a context that runs nothing while its thread blocks (a UI
        // thread, a grain activation), a disposal continued there would never end: creation must dispose it elsewhere.
        await using var services = Container(new ScopeProbe(), typeof(AsyncDisposableUnitOfWork));
        var created = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new BlockedContext());
            try
            {
                created.SetResult(services.CreateScopedNode<SaveOrderNode, OrderBatch>().Id);
            }
            catch (Exception ex)
            {
                created.SetException(ex);
            }
        }) { IsBackground = true };
        thread.Start();

        Assert.Equal("save", await created.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>A container that validates scopes, with the probe, a scoped unit of work of <paramref name="unitType"/>, and this assembly's nodes.</summary>
    private static ServiceProvider Container(ScopeProbe probe, Type? unitType = null, bool nodes = true, Action<IServiceCollection>? register = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(probe)
            .AddScoped<UnitOfWork>(_ => (unitType ?? typeof(DualDisposableUnitOfWork)).Name switch
            {
                nameof(DisposableUnitOfWork) => new DisposableUnitOfWork(probe),
                nameof(AsyncDisposableUnitOfWork) => new AsyncDisposableUnitOfWork(probe),
                _ => new DualDisposableUnitOfWork(probe),
            });
        register?.Invoke(services);
        if (nodes)
        {
            services.AddFloxideNodes();
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>A single-threaded context whose thread is blocked: what is posted to it never runs.</summary>
    private sealed class BlockedContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
        {
        }
    }
}
