namespace Floxide;

/// <summary>
/// Marks a partial class or record as a batch context: the Floxide generator implements
/// <see cref="IBatchContext{TContext, TItem}"/> for it, with a strongly-typed item-context factory,
/// a result merge, and factories for a wired <see cref="BatchNode{TContext, TItem}"/> and
/// <see cref="BatchFlow{TContext, TItem}"/>.
/// </summary>
/// <remarks>
/// <para>The members of the context say what each item context gets:</para>
/// <list type="bullet">
/// <item><see cref="BatchItemsAttribute"/>: the items (exactly one member).</item>
/// <item><see cref="BatchItemAttribute"/>: the slot that receives the item (exactly one member).</item>
/// <item><see cref="SharedAttribute"/>: the same instance, shared with the parent on purpose.</item>
/// <item><see cref="PerItemAttribute"/>: a fresh instance per item.</item>
/// <item><see cref="ItemOutputAttribute"/> and <see cref="BatchOutputsAttribute"/>: the item's output, and
/// where the parent collects the outputs, in input order.</item>
/// <item>Any other state: copied from the parent by assignment. A class gets a generated constructor
/// that copies every instance field and auto-property it declares (readonly and get-only ones too) and
/// the settable ones it inherits; a record is cloned with <c>with</c>. [ItemOutput] and [BatchOutputs]
/// members start at their initial values in a class's item contexts.</item>
/// </list>
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class BatchContextAttribute : Attribute
{
    /// <summary>
    /// Gets or sets the concurrency limit the generated batch node and flow use unless options say
    /// otherwise; at least 1. When not set, the processor count.
    /// </summary>
    public int MaxDegreeOfParallelism { get; set; }

    /// <summary>
    /// Gets or sets, in milliseconds, the <see cref="BatchOptions.CancellationGracePeriod"/> of the generated
    /// <c>DefaultBatchOptions</c>: how long the attempts running when a batch is canceled may go on before their token
    /// is canceled (a drain). -1 lets them run to their end (<see cref="Timeout.InfiniteTimeSpan"/>); 0, the default,
    /// cancels them at once. Any other negative value is an error (FLX0035), as it is for the options.
    /// </summary>
    public int CancellationGracePeriodMs { get; set; }

    /// <summary>
    /// Gets or sets whether the generated context keeps every item's result (and so every item
    /// context) until the batch ends, for <c>LastBatch</c> and the merge hook to read. Off by default:
    /// the generated context then merges results as they arrive, in input order (it implements
    /// <see cref="IStreamingBatchContext{TContext, TItem}"/>), collects the outputs during the run, and
    /// keeps the counts and every failed result, so any batch, a stream of any length included, runs
    /// in bounded memory. Turn it on when code after the run needs every item context.
    /// </summary>
    public bool KeepResults { get; set; }

    /// <summary>
    /// Gets or sets the source-generated <c>System.Text.Json.Serialization.JsonSerializerContext</c> that makes the
    /// context durable: the generator then emits <c>DurableCodec</c> (items identified by input position and
    /// fingerprinted from their JSON; the <see cref="ItemOutputAttribute"/> member saved and restored as JSON through
    /// this context, without reflection) and <c>CreateDurableRun(store, batchId)</c>. The context must name the item
    /// type and the output's type in <c>[JsonSerializable]</c> (FLX0029). Null (the default): no durable members.
    /// </summary>
    public Type? DurableJson { get; set; }
}
