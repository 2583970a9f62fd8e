namespace AdaptiveEtl.Kit.Kernel.Messaging;

/// <summary>Constants of the Jupyter messaging protocol the kernel speaks.</summary>
internal static class KernelProtocol
{
    /// <summary>The protocol version in every header and in kernel_info_reply.</summary>
    public const string Version = "5.3";

    /// <summary>The frame that separates routing identities from the signed message.</summary>
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();
}
