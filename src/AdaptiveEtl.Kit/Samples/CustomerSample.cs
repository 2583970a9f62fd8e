namespace AdaptiveEtl.Kit.Samples;

/// <summary>
/// A mixed-type customer table (integers, reals with nulls, categories, booleans, dates, timestamps, a sensitive e-mail
/// column and a churn label) and a later batch that has drifted: older customers, a country mix moved toward IN/BR,
/// the enterprise segment nearly gone, more missing incomes and higher spend.
/// </summary>
internal static class CustomerSample
{
    private static readonly string[] Countries = ["US", "DE", "FR", "GB", "IN", "BR"];
    private static readonly string[] Segments = ["consumer", "smb", "enterprise"];
    private static readonly string[] FirstNames = ["ana", "ben", "chloe", "dan", "eva", "farid", "gita", "hugo", "ines", "jon", "kai", "lena", "mia", "noah", "omar", "pia", "raj", "sara", "tom", "yuki"];
    private static readonly string[] LastNames = ["silva", "meyer", "martin", "smith", "patel", "souza", "khan", "rossi", "novak", "lee", "garcia", "ito"];

    private sealed record Profile(double AgeMean, double AgeSd, double[] CountryWeights, double[] SegmentWeights, double IncomeNullShare,
        double ActiveShare, double SpendShift, DateOnly SignupFrom, DateOnly SignupTo);

    private static readonly Profile Reference = new(41, 12, [0.35, 0.15, 0.12, 0.15, 0.13, 0.10], [0.60, 0.25, 0.15], 0.03, 0.80, 1.0,
        new DateOnly(2019, 1, 1), new DateOnly(2024, 12, 31));

    private static readonly Profile Drifted = new(47, 13, [0.22, 0.10, 0.08, 0.10, 0.28, 0.22], [0.72, 0.25, 0.03], 0.12, 0.75, 1.15,
        new DateOnly(2021, 1, 1), new DateOnly(2025, 10, 31));

    public static string ReferenceCsv(int seed) => Table(new SampleRandom(seed), Reference, 5_000, 1);

    public static string DriftedCsv(int seed) => Table(new SampleRandom(seed), Drifted, 2_000, 5_001);

    private static string Table(SampleRandom rng, Profile p, int count, int firstId)
    {
        var csv = new CsvText("customer_id", "signup_date", "age", "income", "country", "segment", "is_active", "monthly_spend",
            "num_orders", "last_login", "email", "churned");
        int spanDays = p.SignupTo.DayNumber - p.SignupFrom.DayNumber;
        for (int i = 0; i < count; i++)
        {
            int id = firstId + i;
            var signup = p.SignupFrom.AddDays(rng.Int(0, spanDays + 1));
            int age = (int)Math.Clamp(Math.Round(rng.Normal(p.AgeMean, p.AgeSd)), 18, 90);
            string country = Countries[rng.Categorical(p.CountryWeights)];
            int segmentIndex = rng.Categorical(p.SegmentWeights);
            string segment = Segments[segmentIndex];
            double income = rng.LogNormal(Math.Log(48_000) + 0.25 * segmentIndex + 0.006 * (age - 40), 0.45);
            object? incomeField = rng.Chance(p.IncomeNullShare) ? null : Math.Round(income, 2);
            bool active = rng.Chance(p.ActiveShare);
            // Bimodal spend: occasional buyers and heavy buyers (heavier in larger segments).
            bool heavy = rng.Chance(0.22 + 0.12 * segmentIndex);
            double spend = Math.Max(0, heavy ? rng.Normal(220, 40) : rng.Normal(42, 11)) * p.SpendShift;
            int orders = rng.Poisson(spend / 15.0 + (active ? 1 : 0));
            var lastLogin = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)
                .AddSeconds(rng.Int(0, active ? 330 * 86_400 : 200 * 86_400));
            string email = $"{rng.Pick(FirstNames)}.{rng.Pick(LastNames)}{id}@example.org";
            double logit = -1.2 + (active ? -1.1 : 0.9) - 0.006 * spend + 0.015 * (age - 41) - 0.4 * segmentIndex;
            bool churned = rng.Uniform() < 1 / (1 + Math.Exp(-logit));
            csv.Row(id, signup, age, incomeField, country, segment, active, Math.Round(spend, 2), orders, lastLogin, email, churned);
        }
        return csv.ToString();
    }
}
