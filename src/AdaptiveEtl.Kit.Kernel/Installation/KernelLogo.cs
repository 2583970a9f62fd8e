namespace AdaptiveEtl.Kit.Kernel.Installation;

/// <summary>
/// Draws the kernel's logo: a rounded purple square with three white bars of growing height (past ETL volumes) and a
/// taller amber bar (the forecast). Rendered at install time so the kernelspec never depends on files next to the
/// assembly; <c>Resources/logo-32x32.png</c> and <c>logo-64x64.png</c> in the repository are this output.
/// </summary>
internal static class KernelLogo
{
    private const int Supersampling = 4;
    private static readonly (byte R, byte G, byte B) Background = (0x51, 0x2B, 0xD4);
    private static readonly (byte R, byte G, byte B) Bar = (0xFF, 0xFF, 0xFF);
    private static readonly (byte R, byte G, byte B) Forecast = (0xFF, 0xB0, 0x00);

    /// <summary>The logo as a PNG of <paramref name="size"/> × <paramref name="size"/> pixels.</summary>
    public static byte[] RenderPng(int size)
    {
        var rgba = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                // Average the colour of Supersampling² sample points in the pixel (anti-aliased edges).
                double r = 0, g = 0, b = 0, a = 0;
                for (var sy = 0; sy < Supersampling; sy++)
                {
                    for (var sx = 0; sx < Supersampling; sx++)
                    {
                        var u = (x + (sx + 0.5) / Supersampling) / size;
                        var v = (y + (sy + 0.5) / Supersampling) / size;
                        if (Sample(u, v) is not { } c) continue;
                        r += c.R; g += c.G; b += c.B; a += 1;
                    }
                }
                var i = (y * size + x) * 4;
                if (a > 0) { rgba[i] = (byte)Math.Round(r / a); rgba[i + 1] = (byte)Math.Round(g / a); rgba[i + 2] = (byte)Math.Round(b / a); }
                rgba[i + 3] = (byte)Math.Round(255 * a / (Supersampling * Supersampling));
            }
        }
        return PngEncoder.Encode(size, size, rgba);
    }

    /// <summary>The colour at (u, v) in the unit square, or null outside the rounded square.</summary>
    private static (byte R, byte G, byte B)? Sample(double u, double v)
    {
        const double radius = 0.18;
        var cx = Math.Clamp(u, radius, 1 - radius);
        var cy = Math.Clamp(v, radius, 1 - radius);
        if ((u - cx) * (u - cx) + (v - cy) * (v - cy) > radius * radius) return null;

        double[] heights = [0.30, 0.42, 0.54, 0.70];
        const double left = 0.16, width = 0.14, gap = 0.04, baseline = 0.84;
        for (var k = 0; k < heights.Length; k++)
        {
            var x0 = left + k * (width + gap);
            if (u >= x0 && u < x0 + width && v <= baseline && v >= baseline - heights[k])
                return k == heights.Length - 1 ? Forecast : Bar;
        }
        return Background;
    }
}
