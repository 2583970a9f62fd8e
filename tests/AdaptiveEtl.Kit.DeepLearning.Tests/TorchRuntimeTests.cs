using AdaptiveEtl.Kit.DeepLearning;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaptiveEtl.Kit.DeepLearning.Tests;

/// <summary>
/// Proves that the native TorchSharp backend loads on this machine (on Debian 12 only after eng/patch-torchsharp.sh) and
/// that a real training loop runs on the default device.
/// </summary>
public class TorchRuntimeTests
{
    [Fact]
    public void Gradient_descent_recovers_linear_coefficients()
    {
        TorchRuntime.Seed(7);
        var device = TorchRuntime.DefaultDevice;
        using var scope = NewDisposeScope();
        var x = randn(256, 3, device: device);
        var truth = tensor(new float[] { 1.5f, -2f, 0.5f }, device: device).reshape(3, 1);
        var y = x.matmul(truth) + 0.3f; // y = 1.5 x1 - 2 x2 + 0.5 x3 + 0.3
        var model = nn.Linear(3, 1).to(device);
        var optimizer = optim.Adam(model.parameters(), lr: 0.05);
        float loss = float.NaN;
        for (int epoch = 0; epoch < 400; epoch++)
        {
            optimizer.zero_grad();
            var l = nn.functional.mse_loss(model.forward(x), y);
            l.backward();
            optimizer.step();
            loss = l.item<float>();
        }
        var w = model.weight!.cpu().data<float>().ToArray();
        var b = model.bias!.cpu().item<float>();
        Assert.True(loss < 1e-4, $"final loss {loss}");
        Assert.Equal(1.5, w[0], 2);
        Assert.Equal(-2.0, w[1], 2);
        Assert.Equal(0.5, w[2], 2);
        Assert.Equal(0.3, b, 2);
    }

    [Fact]
    public void Default_device_is_cuda_only_when_cuda_is_available() =>
        Assert.Equal(cuda.is_available(), TorchRuntime.IsCuda);
}
