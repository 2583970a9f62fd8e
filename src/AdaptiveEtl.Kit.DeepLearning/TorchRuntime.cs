using TorchSharp;

namespace AdaptiveEtl.Kit.DeepLearning;

/// <summary>
/// Where the kit's TorchSharp models run: CUDA when a CUDA backend (TorchSharp-cuda-linux) is present and a GPU is
/// visible, otherwise the CPU. Every model of this assembly takes an optional device and defaults to <see cref="DefaultDevice"/>.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<torch.Device> Default = new(() =>
    {
        torch.InitializeDeviceType(DeviceType.CPU);
        try
        {
            if (torch.cuda.is_available()) return torch.CUDA;
        }
        catch (Exception e) when (e is NotSupportedException or TypeInitializationException or DllNotFoundException)
        {
            // A CPU-only backend: no CUDA.
        }
        return torch.CPU;
    });

    /// <summary>CUDA when available, else CPU.</summary>
    public static torch.Device DefaultDevice => Default.Value;

    /// <summary>True when models run on a GPU.</summary>
    public static bool IsCuda => DefaultDevice.type == DeviceType.CUDA;

    /// <summary>Seeds torch's CPU and CUDA generators so that training is reproducible for a given seed.</summary>
    public static void Seed(int seed)
    {
        torch.random.manual_seed(seed);
        if (IsCuda) torch.cuda.manual_seed_all(seed);
    }
}
