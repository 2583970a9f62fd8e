using AdaptiveEtl.Kit.Samples;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Samples;

public class SampleDataGeneratorTests
{
    [Fact]
    public void Committed_samples_equal_a_fresh_generation()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aek-samples-" + Guid.NewGuid().ToString("N"));
        try
        {
            SampleDataGenerator.Generate(dir);
            foreach (var name in SampleDataGenerator.FileNames)
            {
                var committed = RepoPaths.Sample(name);
                Assert.True(File.Exists(committed), $"data-samples/{name} is missing: run `kit samples generate data-samples`");
                Assert.True(File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, name))),
                    $"data-samples/{name} differs from a fresh generation with seed {SampleDataGenerator.DefaultSeed}: regenerate it with `kit samples generate data-samples`");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Different_seeds_give_different_data()
    {
        var a = Path.Combine(Path.GetTempPath(), "aek-s1-" + Guid.NewGuid().ToString("N"));
        var b = Path.Combine(Path.GetTempPath(), "aek-s2-" + Guid.NewGuid().ToString("N"));
        try
        {
            SampleDataGenerator.Generate(a, 1);
            SampleDataGenerator.Generate(b, 2);
            Assert.NotEqual(File.ReadAllText(Path.Combine(a, "etl_runs.csv")), File.ReadAllText(Path.Combine(b, "etl_runs.csv")));
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }

    [Fact]
    public void Drifted_customer_batch_has_the_documented_shifts()
    {
        static (double EnterpriseShare, double MeanAge, double NullIncomeShare) Profile(string file)
        {
            var rows = File.ReadAllLines(RepoPaths.Sample(file)).Skip(1).Select(l => l.Split(',')).ToArray();
            return (rows.Count(r => r[5] == "enterprise") / (double)rows.Length,
                rows.Average(r => double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)),
                rows.Count(r => r[3] == "") / (double)rows.Length);
        }
        var reference = Profile("customers_reference.csv");
        var drifted = Profile("customers_drifted.csv");
        // Generator parameters (CustomerSample): enterprise 15% -> 3%, mean age 41 -> 47, null incomes 3% -> 12%.
        Assert.InRange(reference.EnterpriseShare, 0.13, 0.17);
        Assert.InRange(drifted.EnterpriseShare, 0.015, 0.045);
        Assert.InRange(drifted.MeanAge - reference.MeanAge, 4.5, 7.5);
        Assert.True(drifted.NullIncomeShare > reference.NullIncomeShare + 0.05);
    }

    [Fact]
    public void Landing_zone_changes_schema_at_the_ninth_file()
    {
        var files = Directory.GetFiles(RepoPaths.Sample("landing"), "orders_*.csv").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(14, files.Length);
        var headers = files.Select(f => File.ReadLines(f).First()).ToArray();
        Assert.All(headers[..8], h => Assert.Equal("order_id,customer_id,order_ts,amount,status", h));
        Assert.All(headers[8..], h => Assert.Equal("order_id,customer_id,order_ts,amount,status,discount", h));
    }
}
