using System.Security.Cryptography;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary><see cref="IHmac"/> on .NET's HMACSHA256 (the board's Esp32Hmac uses the chip's SHA accelerator).</summary>
public sealed class HostHmac : IHmac
{
    /// <inheritdoc/>
    public byte[] ComputeHmacSha256(byte[] key, byte[] data) => HMACSHA256.HashData(key, data);
}
