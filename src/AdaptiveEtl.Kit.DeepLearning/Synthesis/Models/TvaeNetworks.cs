using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;

/// <summary>TVAE encoder: MLP (Linear + ReLU blocks) over [row, condition], then linear heads for μ and log σ².</summary>
internal sealed class TvaeEncoder : nn.Module<Tensor, (Tensor Mu, Tensor LogVar)>
{
    private readonly Sequential seq;
    private readonly Linear mu;
    private readonly Linear logvar;

    public TvaeEncoder(int input, IReadOnlyList<int> dims, int embedding) : base(nameof(TvaeEncoder))
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var width = input;
        foreach (var d in dims) { layers.Add(nn.Linear(width, d)); layers.Add(nn.ReLU()); width = d; }
        seq = nn.Sequential(layers.ToArray());
        mu = nn.Linear(width, embedding);
        logvar = nn.Linear(width, embedding);
        RegisterComponents();
    }

    public override (Tensor Mu, Tensor LogVar) forward(Tensor x)
    {
        using var h = seq.forward(x);
        return (mu.forward(h), logvar.forward(h));
    }
}

/// <summary>TVAE decoder: MLP over [latent, condition] to the transformed row width, with a learned σ per output.</summary>
internal sealed class TvaeDecoder : nn.Module<Tensor, Tensor>
{
    private readonly Sequential seq;

    public TvaeDecoder(int input, IReadOnlyList<int> dims, int output) : base(nameof(TvaeDecoder))
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var width = input;
        foreach (var d in dims) { layers.Add(nn.Linear(width, d)); layers.Add(nn.ReLU()); width = d; }
        layers.Add(nn.Linear(width, output));
        seq = nn.Sequential(layers.ToArray());
        sigma = nn.Parameter(ones(output) * 0.1);
        RegisterComponents();
    }

    /// <summary>Learned standard deviation of each output (used by the Gaussian reconstruction loss of offsets).</summary>
    public Parameter sigma { get; }

    public override Tensor forward(Tensor x) => seq.forward(x);
}
