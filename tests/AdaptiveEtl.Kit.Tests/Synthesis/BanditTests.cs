using AdaptiveEtl.Kit.Synthesis.Feedback;

namespace AdaptiveEtl.Kit.Tests.Synthesis;

public class BanditTests
{
    private static readonly AugmentationArm[] Arms =
    [
        new(0.0, 0.0, "ctgan"), new(0.2, 0.0, "ctgan"), new(0.2, 1.0, "ctgan"), new(0.5, 0.0, "tvae"),
    ];

    [Fact]
    public void ThompsonSamplingFindsTheBestArm()
    {
        // Known reward means per arm; rewards are noisy (uniform ±0.1 around the mean), seeded.
        double[] means = [0.55, 0.60, 0.72, 0.50];
        var bandit = new ThompsonSamplingBandit(Arms, seed: 11);
        var env = new Random(5);
        for (var t = 0; t < 400; t++)
        {
            var a = bandit.SelectArm();
            bandit.Update(a, Math.Clamp(means[a] + (env.NextDouble() - 0.5) * 0.2, 0, 1));
        }
        Assert.Equal(Arms[2], bandit.Best);
        Assert.True(bandit.Arms[2].Pulls > 200, $"best arm pulled {bandit.Arms[2].Pulls} of 400 times");
    }

    [Fact]
    public void StateRoundTripsThroughJson()
    {
        var bandit = new ThompsonSamplingBandit(Arms, seed: 1);
        for (var t = 0; t < 20; t++) bandit.Update(t % 4, t % 4 == 1 ? 0.9 : 0.1);
        var path = Path.Combine(Path.GetTempPath(), "kit-bandit-" + Guid.NewGuid().ToString("N"), "choice.json");
        try
        {
            bandit.Save(path);
            var loaded = ThompsonSamplingBandit.Load(path);
            Assert.Equal(bandit.Best, loaded.Best);
            Assert.Equal(Arms[1], ThompsonSamplingBandit.LoadChosen(path));
            Assert.Equal(bandit.Arms, loaded.Arms);
            Assert.Equal(20, loaded.Steps);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temp file left behind
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, true);
        }
    }

    [Fact]
    public void RewardsOutsideTheUnitIntervalAreRejected()
    {
        var bandit = new ThompsonSamplingBandit(Arms);
        Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Update(0, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => bandit.Update(9, 0.5));
    }

    [Fact]
    public void MissingStateFileIsAClearError()
    {
        var e = Assert.Throws<KitDataException>(() => ThompsonSamplingBandit.Load("/nonexistent/choice.json"));
        Assert.Contains("/nonexistent/choice.json", e.Message);
    }
}
