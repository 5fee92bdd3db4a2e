using System.Diagnostics;

namespace Floxide;

/// <summary>
/// A graph of nodes run in sequence on one context: each node's action picks the next node.
/// A workflow is itself a node, so it can be nested in another workflow or run per batch item.
/// </summary>
/// <typeparam name="TContext">The context every node runs on.</typeparam>
/// <remarks>
/// Routing, for the action a node returns, in this order: the node's own route for that action
/// (to a node, or to the end); a terminal action of the workflow (<see cref="NodeAction.Stop"/>
/// always is); the node's fallback route; the end, if the action is <see cref="NodeAction.Default"/>
/// and the node has no routes at all. Anything else is an <see cref="UnroutedActionException"/>.
/// A node that throws is reported as a <see cref="NodeFailedException"/> naming it;
/// <see cref="FloxideException"/>s from nested workflows and cancellation pass through unchanged.
/// Build one with <see cref="WorkflowBuilder{TContext}"/>.
/// </remarks>
public sealed class Workflow<TContext> : INode<TContext>
{
    internal const int End = -1;
    internal const int NoRoute = -2;

    private readonly INode<TContext>[] _nodes;
    private readonly Route[][] _routes;
    private readonly int[] _fallbacks;
    private readonly NodeAction[] _terminalActions;
    private readonly int _start;
    private readonly int _maxSteps;
    private readonly string _spanName;
    private readonly string[] _stepSpanNames;

    internal Workflow(
        string id,
        INode<TContext>[] nodes,
        Route[][] routes,
        int[] fallbacks,
        NodeAction[] terminalActions,
        int start,
        int? maxSteps)
    {
        Id = id;
        _nodes = nodes;
        _routes = routes;
        _fallbacks = fallbacks;
        _terminalActions = terminalActions;
        _start = start;
        _maxSteps = maxSteps ?? int.MaxValue;
        MaxSteps = maxSteps;
        _spanName = "workflow " + id;
        _stepSpanNames = [.. nodes.Select(node => "step " + node.Id)];
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>Gets the step limit, or null for an acyclic workflow, which needs none.</summary>
    public int? MaxSteps { get; }

    /// <summary>Gets the workflow's nodes; the start node first.</summary>
    public IReadOnlyList<INode<TContext>> Nodes => field ??= Array.AsReadOnly(_nodes); // not the array the runs read

    /// <summary>Runs the workflow from its start node until an action ends it.</summary>
    /// <param name="context">The state the nodes read and write.</param>
    /// <param name="cancellationToken">Passed to every node; checked before each step.</param>
    /// <returns>The action that ended the workflow; it routes the enclosing workflow when nested.</returns>
    /// <remarks>
    /// When a listener samples them, the run is a <c>workflow {id}</c> span with a <c>step {id}</c> span per step
    /// (see docs/telemetry.md); whether anyone listens is read once per run.
    /// </remarks>
    public ValueTask<NodeAction> RunAsync(TContext context, CancellationToken cancellationToken) =>
        GeneratedWorkflowTelemetry.IsListenedTo ? RunTracedAsync(context, cancellationToken) : RunStepsAsync(context, null, cancellationToken);

    private async ValueTask<NodeAction> RunTracedAsync(TContext context, CancellationToken cancellationToken)
    {
        using var activity = GeneratedWorkflowTelemetry.StartWorkflow(_spanName, Id);
        try
        {
            return await RunStepsAsync(context, activity, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (activity is not null && ex is not OperationCanceledException)
        {
            GeneratedWorkflowTelemetry.Failed(activity, ex);
            throw;
        }
    }

    /// <summary>Runs the steps; <paramref name="activity"/> is the run's span, when it is traced.</summary>
    private async ValueTask<NodeAction> RunStepsAsync(TContext context, Activity? activity, CancellationToken cancellationToken)
    {
        var current = _start;
        var steps = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var node = _nodes[current];
            if (++steps > _maxSteps)
            {
                throw new StepLimitExceededException(Id, _maxSteps, node.Id);
            }

            NodeAction action;
            using (var step = activity is null ? null : GeneratedWorkflowTelemetry.StartStep(_stepSpanNames[current], Id, node.Id))
            {
                try
                {
                    action = await node.RunAsync(context, cancellationToken).ConfigureAwait(false);
                    GeneratedWorkflowTelemetry.StepEnded(step, action);
                }
                catch (Exception ex) when (CanceledSteps.IsStepFailure(ex, node.Id))
                {
                    GeneratedWorkflowTelemetry.Failed(step, ex);
                    throw new NodeFailedException(node.Id, ex);
                }
                catch (FloxideException ex) when (step is not null)
                {
                    GeneratedWorkflowTelemetry.Failed(step, ex);
                    throw;
                }
            }

            var next = Next(current, action);
            if (next == End)
            {
                return action;
            }

            current = next;
        }
    }

    private int Next(int node, NodeAction action)
    {
        var routes = _routes[node];
        foreach (var route in routes)
        {
            if (route.Action == action)
            {
                return route.Target;
            }
        }

        if (action == NodeAction.Stop || Array.IndexOf(_terminalActions, action) >= 0)
        {
            return End;
        }

        if (_fallbacks[node] >= 0)
        {
            return _fallbacks[node];
        }

        if (routes.Length == 0 && action.IsDefault)
        {
            return End;
        }

        throw new UnroutedActionException(Id, _nodes[node].Id, action);
    }

    internal readonly record struct Route(NodeAction Action, int Target);
}
