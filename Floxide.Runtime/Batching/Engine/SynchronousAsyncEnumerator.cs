namespace Floxide;

/// <summary>
/// Presents a synchronous enumerator as an asynchronous one, so a streaming merge can apply the same
/// back-pressure to both kinds of source. Disposing it leaves the inner enumerator to its owner.
/// </summary>
internal sealed class SynchronousAsyncEnumerator<TItem>(IEnumerator<TItem> inner) : IAsyncEnumerator<TItem>
{
    public TItem Current => inner.Current;

    public ValueTask<bool> MoveNextAsync() => new(inner.MoveNext());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
