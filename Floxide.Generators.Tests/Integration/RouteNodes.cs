namespace Floxide.Generators.Tests.Integration;

/// <summary>Actions of <see cref="ClassifyNode"/>.</summary>
public enum WordKind
{
    Short,
    Long,
}

/// <summary>An async node returning an action enum, awaiting when told to.</summary>
[Node]
public partial class ClassifyNode
{
    public bool Yield { get; init; }

    public async ValueTask<WordKind> ProcessAsync(WordBatch context, CancellationToken cancellationToken)
    {
        if (Yield)
        {
            await Task.Yield();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return context.Word.Length > 4 ? WordKind.Long : WordKind.Short;
    }
}

/// <summary>An async node with no result, on a Task.</summary>
[Node(Id = "mark-long")]
public partial class MarkLongNode
{
    public async Task ProcessAsync(WordBatch context)
    {
        await Task.Yield();
        context.Result = "long:" + context.Word;
    }
}

/// <summary>A synchronous node returning no result.</summary>
[Node]
public partial class MarkShortNode
{
    public void Process(WordBatch context) => context.Result = "short:" + context.Word;
}
