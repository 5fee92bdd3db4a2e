using System.Buffers;
using System.Text;
using global::Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Floxide.Orleans.Tests;

/// <summary>
/// An item that runs on a silo sees the idempotency key a durable run gave it on the coordinator, as it would in-process,
/// without the mapping carrying it: the key crosses with the call.
/// </summary>
public sealed class DurableItemKeyTests
{
    private static readonly INode<KeyedBatch> SeeKey = Node.Create<KeyedBatch>("see-key", context =>
        context.SeenKey = context.ItemKey == default ? null : context.ItemKey.ToString());

    [Fact]
    public async Task An_item_on_a_silo_sees_the_same_idempotency_key_as_in_process()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var silo = new WorkflowRegistration<KeyedBatch, int, int, string?>("keyed", new KeyedMapping(), _ => SeeKey, _ => new KeyedBatch(), services);
        var executor = new OrleansItemExecutor<KeyedBatch, int, int, string?>(
            "keyed",
            new KeyedMapping(),
            new OrleansExecutorOptions(),
            (call, token) => silo.RunAsync(serializer.Deserialize<ItemCall>(serializer.SerializeToArray(call))!, "silo-1", token)); // as it crosses

        var inProcess = new KeyedBatch { Numbers = [5, 6, 7] };
        await KeyedBatch.CreateBatchNode(SeeKey).RunDurableBatchAsync(inProcess, new DurableRun<KeyedBatch, int>(new InMemoryBatchStore(), "nightly", new KeyedCodec()));
        var onSilos = new KeyedBatch { Numbers = [5, 6, 7] };
        await KeyedBatch.CreateBatchNode(SeeKey, executor: executor).RunDurableBatchAsync(onSilos, new DurableRun<KeyedBatch, int>(new InMemoryBatchStore(), "nightly", new KeyedCodec()))
            .WaitAsync(TestClusters.Patience);

        Assert.Equal(3, inProcess.SeenKeys.Distinct().Count(key => key is not null && key.StartsWith("nightly/", StringComparison.Ordinal)));
        Assert.Equal(inProcess.SeenKeys, onSilos.SeenKeys);
    }

    [Fact]
    public async Task Outside_a_durable_run_an_item_on_a_silo_has_no_key()
    {
        var silo = new WorkflowRegistration<KeyedBatch, int, int, string?>("keyed", new KeyedMapping(), _ => SeeKey, _ => new KeyedBatch(), new ServiceCollection().BuildServiceProvider());
        ItemCall? sent = null;
        var executor = new OrleansItemExecutor<KeyedBatch, int, int, string?>(
            "keyed", new KeyedMapping(), new OrleansExecutorOptions(), (call, token) => silo.RunAsync(sent = call, "silo-1", token));
        var batch = new KeyedBatch { Numbers = [5] };

        await KeyedBatch.CreateBatchNode(SeeKey, executor: executor).RunBatchAsync(batch).WaitAsync(TestClusters.Patience);

        Assert.Null(sent!.ItemKey);
        Assert.Equal([null], batch.SeenKeys);
    }

    /// <summary>Items by position; the output is the key the item saw.</summary>
    private sealed class KeyedCodec : IItemStateCodec<KeyedBatch, int>
    {
        public string? GetKey(int item) => null;

        public long GetFingerprint(int item) => ItemFingerprint.Of(item);

        public void WriteOutputs(KeyedBatch itemContext, IBufferWriter<byte> writer) => writer.Write(Encoding.UTF8.GetBytes(itemContext.SeenKey ?? ""));

        public void ReadOutputs(KeyedBatch itemContext, ReadOnlySpan<byte> outputs) => itemContext.SeenKey = Encoding.UTF8.GetString(outputs);
    }
}
