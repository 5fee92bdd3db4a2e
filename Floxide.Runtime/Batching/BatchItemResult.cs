namespace Floxide;

/// <summary>The result of one batch item: its input position, the item, and what became of it.</summary>
/// <typeparam name="TContext">The batch context type.</typeparam>
/// <typeparam name="TItem">The item type.</typeparam>
public readonly struct BatchItemResult<TContext, TItem>
{
    internal BatchItemResult(
        long index,
        TItem item,
        BatchItemStatus status,
        TContext? context,
        NodeAction action,
        Exception? exception,
        TimeSpan duration)
    {
        Index = index;
        Item = item;
        Status = status;
        Context = context;
        Action = action;
        Exception = exception;
        Duration = duration;
    }

    /// <summary>Gets the item's zero-based position in the input.</summary>
    public long Index { get; }

    /// <summary>Gets the item.</summary>
    public TItem Item { get; }

    /// <summary>Gets what became of the item.</summary>
    public BatchItemStatus Status { get; }

    /// <summary>
    /// Gets the item's context after its workflow ran (also when it failed or observed cancellation);
    /// null when the item never started or its context could not be created.
    /// </summary>
    public TContext? Context { get; }

    /// <summary>Gets the action that ended the item's workflow; meaningful when it succeeded.</summary>
    public NodeAction Action { get; }

    /// <summary>Gets what the item threw, when it failed or observed cancellation.</summary>
    public Exception? Exception { get; }

    /// <summary>Gets how long the item ran; zero when it never started.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets whether the item succeeded.</summary>
    public bool Succeeded => Status == BatchItemStatus.Succeeded;

    /// <inheritdoc/>
    public override string ToString() => Exception is null
        ? $"#{Index} {Status}"
        : $"#{Index} {Status}: {Exception.GetType().Name}: {Exception.Message}";
}
