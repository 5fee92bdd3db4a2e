namespace Floxide;

/// <summary>
/// Marks the member of an item type that identifies the item in a durable batch: a context with
/// <c>[BatchContext(DurableJson = ...)]</c> then records and resumes items by this key (its invariant string form)
/// instead of by input position, so a source whose order changes between runs still resumes correctly. The key
/// must be unique within the batch (two items with one key stop the run with <see cref="DuplicateItemKeyException"/>;
/// a null key prints as the empty string, the same key as <c>""</c>) and the same for the same item in every run.
/// On a positional record's parameter (<c>record Row([ItemKey] string Id, string Text)</c>) it marks the property the
/// record makes of that parameter; on any other parameter it marks nothing, and the batch context reports it (FLX0031).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class ItemKeyAttribute : Attribute
{
}
