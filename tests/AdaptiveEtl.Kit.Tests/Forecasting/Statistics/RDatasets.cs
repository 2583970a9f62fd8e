using System.Globalization;
using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Forecasting;

/// <summary>
/// Classic series of R's <c>datasets</c> package, written once to tests/AdaptiveEtl.Kit.Tests/Forecasting/Data/*.csv with
/// <c>Rscript -e 'write.csv(data.frame(value = as.numeric(AirPassengers)), "AirPassengers.csv", row.names = FALSE)'</c> (R 4.2).
/// </summary>
internal static class RDatasets
{
    private static readonly Dictionary<string, int> Frequencies = new()
    {
        ["AirPassengers"] = 12, ["co2"] = 12, ["nottem"] = 12, ["UKgas"] = 4, ["USAccDeaths"] = 12, ["Nile"] = 1, ["lynx"] = 1,
        ["WWWusage"] = 1, ["ldeaths"] = 12, ["mdeaths"] = 12, ["fdeaths"] = 12, ["LakeHuron"] = 1, ["sunspot.year"] = 1,
        ["UKDriverDeaths"] = 12, ["austres"] = 4, ["JohnsonJohnson"] = 4, ["BJsales"] = 1, ["lh"] = 1,
    };

    public static string DataDirectory => Path.Combine(RepoPaths.Root, "tests", "AdaptiveEtl.Kit.Tests", "Forecasting", "Data");

    public static double[] Values(string name) =>
        File.ReadAllLines(Path.Combine(DataDirectory, name + ".csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();

    public static TimeSeries Series(string name, bool log = false)
    {
        var v = Values(name);
        if (log) v = v.Select(x => Math.Log(x)).ToArray();
        return new TimeSeries(log ? $"log({name})" : name, v, Frequencies[name]);
    }
}
