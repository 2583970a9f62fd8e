using System.Globalization;

namespace AdaptiveEtl.Kit.Samples;

/// <summary>
/// Fourteen daily order files as they land from a source system. From the ninth file on the source changes its schema:
/// a <c>discount</c> column is added and <c>customer_id</c> changes from an integer to a string code (<c>C000123</c>).
/// </summary>
internal static class LandingZoneSample
{
    public const int SchemaChangeFileIndex = 8; // zero-based: the ninth file

    public static IEnumerable<(string FileName, string Content)> Files(int seed)
    {
        var rng = new SampleRandom(seed);
        string[] statuses = ["completed", "completed", "completed", "pending", "cancelled", "REFUNDED"];
        int orderId = 900_000;
        for (int f = 0; f < 14; f++)
        {
            var day = new DateOnly(2025, 12, 1).AddDays(f);
            bool v2 = f >= SchemaChangeFileIndex;
            var csv = v2
                ? new CsvText("order_id", "customer_id", "order_ts", "amount", "status", "discount")
                : new CsvText("order_id", "customer_id", "order_ts", "amount", "status");
            int n = 150 + rng.Int(0, 100);
            for (int i = 0; i < n; i++)
            {
                int customer = rng.Int(1, 5001);
                var ts = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(rng.Int(0, 86_400));
                double amount = Math.Round(rng.LogNormal(4.0, 0.8), 2);
                object customerField = v2 ? "C" + customer.ToString("D6", CultureInfo.InvariantCulture) : customer;
                if (v2) csv.Row(orderId++, customerField, ts, amount, rng.Pick(statuses), rng.Chance(0.3) ? Math.Round(amount * 0.1, 2) : 0.0);
                else csv.Row(orderId++, customerField, ts, amount, rng.Pick(statuses));
            }
            yield return ($"orders_{day:yyyy-MM-dd}.csv", csv.ToString());
        }
    }
}
