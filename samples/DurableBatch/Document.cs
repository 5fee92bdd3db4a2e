using Floxide;

namespace DurableBatch;

/// <summary>One item: a document to summarise.</summary>
/// <param name="Id">Its id, stable across runs: the item's durable key (<c>[ItemKey]</c>).</param>
/// <param name="Title">Its title.</param>
public sealed record Document([property: ItemKey] int Id, string Title);
