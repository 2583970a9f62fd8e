using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Tests.Proactive.Pipelines;

public sealed class DuckDbMechanicsTests
{
    [Fact]
    public void Rename_in_a_transaction_and_row_hash_work()
    {
        using var c = OrdersFixture.Open();
        OrdersFixture.Execute(c, "CREATE TABLE a AS SELECT 1 AS x; CREATE TABLE s AS SELECT 2 AS x");
        using (var tx = c.BeginTransaction())
        {
            OrdersFixture.Execute(c, "DROP TABLE a; ALTER TABLE s RENAME TO a");
            tx.Commit();
        }
        Assert.Equal(2, OrdersFixture.Scalar(c, "SELECT x FROM a"));
        Assert.Equal(1, OrdersFixture.Scalar(c, "SELECT count(*) FROM (SELECT sum(hash(t)) FROM a t)"));
    }
}
