using Floxide.Sqlite;

namespace Floxide.Sqlite.Tests;

/// <summary>The store contract, against the SQLite store; every test gets a file of its own, and "another process" is another store on it.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TempFolder _folder = new();
    private readonly List<SqliteBatchStore> _stores = [];

    protected override IBatchStore CreateStore() => Add(new SqliteBatchStore(_folder.File("batches.db"), Time));

    protected override IBatchStore Reopen() => Add(new SqliteBatchStore(_folder.File("batches.db"), Time));

    public override void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _folder.Dispose();
        base.Dispose();
    }

    private SqliteBatchStore Add(SqliteBatchStore store)
    {
        _stores.Add(store);
        return store;
    }
}
