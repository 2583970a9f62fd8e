namespace AdaptiveEtl.Kit.Tests.Proactive;

/// <summary>
/// Numbers of the sample landing zone (data-samples/landing) counted independently of the code under test, with:
/// <c>for f in *; do echo $(($(wc -l &lt;$f)-1)); done</c> (every file ends with a newline and has one header line) and
/// <c>stat -c %s * | paste -sd+ | bc</c>.
/// </summary>
public static class LandingCounts
{
    /// <summary>Data rows per file, 2025-12-01 … 2025-12-14.</summary>
    public static readonly int[] RowsPerFile = [169, 182, 173, 192, 248, 217, 198, 171, 185, 220, 231, 239, 211, 215];

    /// <summary>All 14 files: 2851 rows.</summary>
    public const int TotalRows = 2851;

    /// <summary>The 8 files before the schema change (2025-12-01 … 08): 1550 rows.</summary>
    public const int RowsBeforeChange = 1550;

    /// <summary>Bytes of all 14 files.</summary>
    public const long TotalBytes = 146_449;

    /// <summary>Bytes of the 8 files before the schema change.</summary>
    public const long BytesBeforeChange = 75_307;

    /// <summary>The file where customer_id changes from integer to 'C000123' codes and discount is added.</summary>
    public const string ChangeFile = "orders_2025-12-09.csv";

    /// <summary>File name of day <paramref name="day"/> of December 2025.</summary>
    public static string File(int day) => $"orders_2025-12-{day:D2}.csv";
}
