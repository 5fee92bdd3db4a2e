namespace Floxide.Sqlite.Tests;

/// <summary>The store contract, against the in-memory store.</summary>
public sealed class InMemoryStoreContractTests : StoreContractTests
{
    private InMemoryBatchStore? _store;

    protected override IBatchStore CreateStore() => _store = new InMemoryBatchStore(Time);

    protected override IBatchStore Reopen() => _store!; // memory is not shared between instances
}
