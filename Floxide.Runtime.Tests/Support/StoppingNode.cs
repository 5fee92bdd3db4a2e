namespace Floxide.Runtime.Tests.Support;

/// <summary>A fail-fast batch's work: item 0 runs until the batch stops, and every other item fails once item 0 has started.</summary>
public static class StoppingNode
{
    /// <summary>The node; <paramref name="firstStarted"/> is released when item 0 starts.</summary>
    public static INode<TestContext> Create(SemaphoreSlim firstStarted) => Node.CreateAsync<TestContext>("work", async (c, token) =>
    {
        if (c.Item == 0)
        {
            firstStarted.Release();
            await Task.Delay(Timeout.Infinite, token); // until the stop
        }

        await firstStarted.WaitAsync(token);
        throw new InvalidOperationException("stop the batch");
    });
}
