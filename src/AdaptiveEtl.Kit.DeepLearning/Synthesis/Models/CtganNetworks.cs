using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;

/// <summary>CTGAN's residual block: concat(ReLU(BN(Linear(x))), x) (Xu et al. 2019, §4.4 "Network structure").</summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc;
    private readonly BatchNorm1d bn;

    public ResidualBlock(long input, long output) : base(nameof(ResidualBlock))
    {
        fc = nn.Linear(input, output);
        bn = nn.BatchNorm1d(output);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var h = fc.forward(x);
        using var b = bn.forward(h);
        using var r = nn.functional.relu(b);
        return torch.cat([r, x], 1);
    }
}

/// <summary>CTGAN generator: residual blocks over [noise, condition], then a linear layer to the transformed row width.</summary>
internal sealed class CtganGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential seq;

    public CtganGenerator(int input, IReadOnlyList<int> dims, int output) : base(nameof(CtganGenerator))
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var width = input;
        foreach (var d in dims)
        {
            layers.Add(new ResidualBlock(width, d));
            width += d;
        }
        layers.Add(nn.Linear(width, output));
        seq = nn.Sequential(layers.ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => seq.forward(x);
}

/// <summary>CTGAN discriminator (critic) with PacGAN packing: pac rows are concatenated into one input; Linear → LeakyReLU(0.2) → Dropout(0.5) blocks.</summary>
internal sealed class CtganDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential seq;
    private readonly long packedWidth;

    public CtganDiscriminator(int input, IReadOnlyList<int> dims, int pac) : base(nameof(CtganDiscriminator))
    {
        packedWidth = (long)input * pac;
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var width = packedWidth;
        foreach (var d in dims)
        {
            layers.Add(nn.Linear(width, d));
            layers.Add(nn.LeakyReLU(0.2));
            layers.Add(nn.Dropout(0.5));
            width = d;
        }
        layers.Add(nn.Linear(width, 1));
        seq = nn.Sequential(layers.ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var packed = x.view(-1, packedWidth);
        return seq.forward(packed);
    }
}
