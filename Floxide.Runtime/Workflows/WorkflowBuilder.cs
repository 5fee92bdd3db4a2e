namespace Floxide;

/// <summary>
/// Builds a <see cref="Workflow{TContext}"/> at run time: a start node, routes
/// <c>(node, action) → node</c>, fallback routes, terminal actions and an optional step limit.
/// </summary>
/// <typeparam name="TContext">The context every node of the workflow runs on.</typeparam>
/// <remarks>
/// Nodes join the workflow by being named in <see cref="StartWith"/> or a route. <see cref="Build"/>
/// validates the graph: duplicate ids, unreachable nodes, and cycles without a step limit are errors.
/// </remarks>
public sealed class WorkflowBuilder<TContext>
{
    private readonly string _id;
    private readonly List<INode<TContext>> _nodes = [];
    private readonly List<(INode<TContext> From, NodeAction Action, INode<TContext>? To)> _routes = [];
    private readonly Dictionary<INode<TContext>, INode<TContext>> _fallbacks = new(ReferenceEqualityComparer.Instance);
    private readonly List<NodeAction> _terminalActions = [];
    private INode<TContext>? _start;
    private int? _maxSteps;

    /// <summary>Starts a workflow definition.</summary>
    /// <param name="id">The workflow's id; errors name it, and so does its node id when nested.</param>
    public WorkflowBuilder(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        _id = id;
    }

    /// <summary>Sets the node the workflow starts with.</summary>
    /// <param name="start">The first node.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder<TContext> StartWith(INode<TContext> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (_start is not null && !ReferenceEquals(_start, start))
        {
            throw new WorkflowDefinitionException(_id, $"the start node is already '{_start.Id}'; it cannot also be '{start.Id}'.");
        }

        _start = Add(start);
        return this;
    }

    /// <summary>Routes <see cref="NodeAction.Default"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The node whose default action is routed.</param>
    /// <param name="to">The node that runs next.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder<TContext> Then(INode<TContext> from, INode<TContext> to) => On(from, NodeAction.Default, to);

    /// <summary>Routes <paramref name="action"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The node that returns the action.</param>
    /// <param name="action">The action to route.</param>
    /// <param name="to">The node that runs next.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder<TContext> On(INode<TContext> from, NodeAction action, INode<TContext> to)
    {
        ArgumentNullException.ThrowIfNull(to);
        AddRoute(from, action, Add(to));
        return this;
    }

    /// <summary>Routes <paramref name="action"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <typeparam name="TAction">The user's action enum.</typeparam>
    /// <param name="from">The node that returns the action.</param>
    /// <param name="action">The action to route.</param>
    /// <param name="to">The node that runs next.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder<TContext> On<TAction>(INode<TContext> from, TAction action, INode<TContext> to)
        where TAction : struct, Enum => On(from, NodeAction.From(action), to);

    /// <summary>
    /// Routes every action of <paramref name="from"/> that has no route of its own, and is not
    /// terminal, to <paramref name="to"/>.
    /// </summary>
    /// <param name="from">The node whose other actions are routed.</param>
    /// <param name="to">The node that runs next.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder<TContext> Otherwise(INode<TContext> from, INode<TContext> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (!_fallbacks.TryAdd(Add(from), Add(to)))
        {
            throw new WorkflowDefinitionException(_id, $"node '{from.Id}' already has a fallback route.");
        }

        return this;
    }

    /// <summary>Ends the workflow when <paramref name="node"/> returns <paramref name="action"/>.</summary>
    /// <param name="node">The node.</param>
    /// <param name="action">The action that ends the workflow.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder<TContext> EndOn(INode<TContext> node, NodeAction action)
    {
        AddRoute(node, action, null);
        return this;
    }

    /// <summary>Ends the workflow when any node returns <paramref name="action"/> and has no route for it.</summary>
    /// <param name="action">The action that ends the workflow.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder<TContext> EndOn(NodeAction action)
    {
        if (!_terminalActions.Contains(action))
        {
            _terminalActions.Add(action);
        }

        return this;
    }

    /// <summary>Ends the workflow when any node returns <paramref name="action"/> and has no route for it.</summary>
    /// <typeparam name="TAction">The user's action enum.</typeparam>
    /// <param name="action">The action that ends the workflow.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder<TContext> EndOn<TAction>(TAction action)
        where TAction : struct, Enum => EndOn(NodeAction.From(action));

    /// <summary>Limits how many node steps one run may take; required when the graph has a cycle.</summary>
    /// <param name="maxSteps">The limit, at least 1.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder<TContext> WithMaxSteps(int maxSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        _maxSteps = maxSteps;
        return this;
    }

    /// <summary>Validates the definition and builds the workflow.</summary>
    /// <returns>The workflow, immutable and safe to run concurrently on different contexts.</returns>
    /// <exception cref="WorkflowDefinitionException">The definition is invalid; the message says why.</exception>
    public Workflow<TContext> Build()
    {
        if (_start is null)
        {
            throw new WorkflowDefinitionException(_id, "it has no start node; call StartWith.");
        }

        var indexOf = new Dictionary<INode<TContext>, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < _nodes.Count; i++)
        {
            indexOf.Add(_nodes[i], i);
        }

        var routes = new List<Workflow<TContext>.Route>[_nodes.Count];
        for (var i = 0; i < routes.Length; i++)
        {
            routes[i] = [];
        }

        foreach (var (from, action, to) in _routes)
        {
            routes[indexOf[from]].Add(new(action, to is null ? Workflow<TContext>.End : indexOf[to]));
        }

        var fallbacks = new int[_nodes.Count];
        Array.Fill(fallbacks, Workflow<TContext>.NoRoute);
        foreach (var (from, to) in _fallbacks)
        {
            fallbacks[indexOf[from]] = indexOf[to];
        }

        var table = routes.Select(r => r.ToArray()).ToArray();
        var startIndex = indexOf[_start];
        ValidateGraph(table, fallbacks, startIndex);
        return new Workflow<TContext>(_id, [.. _nodes], table, fallbacks, [.. _terminalActions], startIndex, _maxSteps);
    }

    private INode<TContext> Add(INode<TContext> node)
    {
        ArgumentNullException.ThrowIfNull(node);
        foreach (var existing in _nodes)
        {
            if (ReferenceEquals(existing, node))
            {
                return node;
            }

            if (string.Equals(existing.Id, node.Id, StringComparison.Ordinal))
            {
                throw new WorkflowDefinitionException(_id, $"two different nodes share the id '{node.Id}'.");
            }
        }

        _nodes.Add(node);
        return node;
    }

    private void AddRoute(INode<TContext> from, NodeAction action, INode<TContext>? to)
    {
        Add(from);
        foreach (var route in _routes)
        {
            if (ReferenceEquals(route.From, from) && route.Action == action)
            {
                throw new WorkflowDefinitionException(
                    _id, $"node '{from.Id}' already has a route for action '{action}' (to '{route.To?.Id ?? "end"}').");
            }
        }

        _routes.Add((from, action, to));
    }

    private void ValidateGraph(Workflow<TContext>.Route[][] routes, int[] fallbacks, int start)
    {
        // Depth-first walk from the start: finds unreachable nodes, and cycles (which need a step limit).
        var state = new byte[_nodes.Count]; // 0 unvisited, 1 on the current path, 2 done
        var path = new List<int>();
        List<int>? cycle = null;

        void Visit(int node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in Successors(node))
            {
                if (state[next] == 1)
                {
                    cycle ??= [.. path.Skip(path.IndexOf(next)), next];
                }
                else if (state[next] == 0)
                {
                    Visit(next);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
        }

        IEnumerable<int> Successors(int node)
        {
            foreach (var route in routes[node])
            {
                if (route.Target >= 0)
                {
                    yield return route.Target;
                }
            }

            if (fallbacks[node] >= 0)
            {
                yield return fallbacks[node];
            }
        }

        Visit(start);
        var unreachable = Enumerable.Range(0, _nodes.Count).Where(i => state[i] == 0).Select(i => $"'{_nodes[i].Id}'").ToList();
        if (unreachable.Count > 0)
        {
            throw new WorkflowDefinitionException(_id, $"node(s) {string.Join(", ", unreachable)} cannot be reached from the start node '{_nodes[start].Id}'.");
        }

        if (cycle is not null && _maxSteps is null)
        {
            var names = string.Join(" -> ", cycle.Select(i => _nodes[i].Id));
            throw new WorkflowDefinitionException(_id, $"it has a cycle ({names}) but no step limit; call WithMaxSteps.");
        }
    }
}
