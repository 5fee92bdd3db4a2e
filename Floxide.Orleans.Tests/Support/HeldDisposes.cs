using global::Orleans;
using global::Orleans.Runtime;

namespace Floxide.Orleans.Tests;

/// <summary>
/// Holds the coordinator's stream disposes while a test asks, as a slow link would: each then reaches its silo only once
/// the test lets it, after whatever the silo did meanwhile (a client's outgoing filter; it passes every other call).
/// </summary>
public sealed class HeldDisposes : IOutgoingGrainCallFilter
{
    private TaskCompletionSource? _held;

    /// <summary>Holds every stream dispose sent from now on, until <see cref="Release"/>.</summary>
    public void Hold() => Volatile.Write(ref _held, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Sends the held disposes, and holds no more.</summary>
    public void Release() => Interlocked.Exchange(ref _held, null)?.SetResult();

    /// <inheritdoc/>
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod.DeclaringType == typeof(IAsyncEnumerableGrainExtension)
            && context.MethodName == nameof(IAsyncEnumerableGrainExtension.DisposeAsync)
            && Volatile.Read(ref _held) is { } held)
        {
            await held.Task;
        }

        await context.Invoke();
    }
}
