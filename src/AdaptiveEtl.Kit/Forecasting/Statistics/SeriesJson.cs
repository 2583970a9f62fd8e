using System.Globalization;
using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Forecasting.Statistics;

/// <summary>JSON form of a <see cref="TimeSeries"/> inside saved forecasters (models re-run their filters on load).</summary>
internal static class SeriesJson
{
    /// <summary>The series as JSON: name, period, values, optional timestamps and regressors.</summary>
    public static JsonObject Write(TimeSeries s)
    {
        var o = new JsonObject
        {
            ["name"] = s.Name,
            ["period"] = s.SeasonalPeriod,
            ["values"] = new JsonArray(s.Values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
        };
        if (s.Timestamps is not null)
            o["timestamps"] = new JsonArray(s.Timestamps.Select(t => (JsonNode)JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture))).ToArray());
        if (s.Exogenous is not null)
        {
            var rows = new JsonArray();
            for (int i = 0; i < s.Exogenous.GetLength(0); i++)
            {
                var row = new JsonArray();
                for (int j = 0; j < s.Exogenous.GetLength(1); j++) row.Add(s.Exogenous[i, j]);
                rows.Add(row);
            }
            o["exogenous"] = rows;
            o["exogenousNames"] = new JsonArray(s.ExogenousNames!.Select(n => (JsonNode)JsonValue.Create(n)).ToArray());
        }
        return o;
    }

    /// <summary>Reads a series written by <see cref="Write"/>.</summary>
    /// <exception cref="KitDataException">The saved series is incomplete.</exception>
    public static TimeSeries Read(JsonNode? node)
    {
        if (node is null) throw new KitDataException("the saved model has no \"series\".", "forecaster file");
        try
        {
            var values = node["values"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            var ts = node["timestamps"]?.AsArray().Select(v => DateTimeOffset.Parse(v!.GetValue<string>(), CultureInfo.InvariantCulture)).ToArray();
            double[,]? x = null;
            string[]? names = null;
            if (node["exogenous"] is JsonArray rows)
            {
                names = node["exogenousNames"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
                x = new double[rows.Count, names.Length];
                for (int i = 0; i < rows.Count; i++)
                    for (int j = 0; j < names.Length; j++) x[i, j] = rows[i]![j]!.GetValue<double>();
            }
            return new TimeSeries(node["name"]!.GetValue<string>(), values, node["period"]!.GetValue<int>(), ts, x, names);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new KitDataException($"the saved series is incomplete ({e.Message}).", "forecaster file", inner: e);
        }
    }
}
