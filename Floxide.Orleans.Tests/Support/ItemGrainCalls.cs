using Floxide.Runtime.Tests.Support;
using global::Orleans;
using global::Orleans.Runtime;
using global::Orleans.Serialization.Invocation;

namespace Floxide.Orleans.Tests;

/// <summary>
/// Every call the item grains of one test cluster take, with the grain and the activation that took it: the item call
/// itself and, for a stream, its polls and its dispose; and what each poll answered. It tells one activation per attempt
/// from a reused one, shows an activation Orleans created only to take a stream's dispose (one nothing deactivates before
/// idle collection), and shows a poll that ended its stream.
/// </summary>
public sealed class ItemGrainCalls : IIncomingGrainCallFilter
{
    private readonly Lock _gate = new();
    private readonly List<Call> _calls = [];
    private readonly List<Poll> _polls = [];

    /// <summary>Gets every call taken so far.</summary>
    public IReadOnlyList<Call> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Gets every stream poll answered so far (a stream's <c>StartEnumeration</c> and each <c>MoveNext</c>).</summary>
    public IReadOnlyList<Poll> Polls
    {
        get
        {
            lock (_gate)
            {
                return [.. _polls];
            }
        }
    }

    private readonly List<(Func<Call, bool> Match, int Count, Signal Taken)> _waiters = [];

    private int _cancelsToDrop;

    /// <summary>
    /// Gets or sets how many of the next <c>CancelAsync</c> calls are taken and dropped, as a one-way message lost on the way
    /// would be: they are recorded as <c>CancelAsync (dropped)</c> and never reach the grain.
    /// </summary>
    public int CancelsToDrop
    {
        get => Volatile.Read(ref _cancelsToDrop);
        set => Volatile.Write(ref _cancelsToDrop, value);
    }

    /// <summary>Forgets every call and poll, for the next test on the same cluster.</summary>
    public void Reset()
    {
        CancelsToDrop = 0;
        lock (_gate)
        {
            _calls.Clear();
            _polls.Clear();
            _waiters.Clear();
        }
    }

    /// <summary>Completes once <paramref name="count"/> calls that <paramref name="match"/> were taken (within the tests' patience).</summary>
    public Task TakenAsync(Func<Call, bool> match, int count)
    {
        var taken = new Signal();
        lock (_gate)
        {
            if (_calls.Count(match) >= count)
            {
                taken.Set();
            }
            else
            {
                _waiters.Add((match, count, taken));
            }
        }

        return taken.WaitAsync();
    }

    /// <inheritdoc/>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.TargetContext.GrainInstance is not FloxideItemGrain)
        {
            await context.Invoke();
            return;
        }

        var dropped = context.MethodName == nameof(IFloxideItemGrain.CancelAsync) && Interlocked.Decrement(ref _cancelsToDrop) >= 0;
        var call = new Call(context.TargetId, context.TargetContext.ActivationId, dropped ? $"{context.MethodName} (dropped)" : context.MethodName, ItemOf(context.Request));
        lock (_gate)
        {
            _calls.Add(call);
            _waiters.RemoveAll(waiter =>
            {
                var reached = _calls.Count(waiter.Match) >= waiter.Count;
                if (reached)
                {
                    waiter.Taken.Set();
                }

                return reached;
            });
        }

        if (dropped)
        {
            return;
        }

        await context.Invoke();

        // A poll answers its status and what it carries (Orleans' IAsyncEnumerableGrainExtension); nothing else answers that.
        if (context.Response?.Result is ValueTuple<EnumerationResult, object?>(var status, _))
        {
            lock (_gate)
            {
                _polls.Add(new Poll(call.Grain, status));
            }
        }
    }

    /// <summary>The item an item call carries (a stream's first poll carries the grain method's request); null for the others.</summary>
    private static int? ItemOf(IInvokable request)
    {
        for (var i = 0; i < request.GetArgumentCount(); i++)
        {
            switch (request.GetArgument(i))
            {
                case ItemCall { Request: int item }:
                    return item;
                case IInvokable inner when ItemOf(inner) is { } item:
                    return item;
            }
        }

        return null;
    }

    /// <summary>
    /// One call an item grain took: the grain (one key per attempt), the activation, the method (<c>RunAsync</c>, or a
    /// stream's <c>StartEnumeration</c>, <c>MoveNext</c> and <c>DisposeAsync</c>) and the item, when the call carries it.
    /// </summary>
    public sealed record Call(GrainId Grain, ActivationId Activation, string Method, int? Item);

    /// <summary>
    /// One stream poll an item grain answered: the grain and the status it answered with
    /// (<see cref="EnumerationResult.Element"/>, or <see cref="EnumerationResult.CompletedWithElement"/> for a poll that
    /// carried the last element and ended the stream there, and so on).
    /// </summary>
    public sealed record Poll(GrainId Grain, EnumerationResult Status);
}
