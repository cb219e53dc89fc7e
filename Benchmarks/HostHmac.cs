using System.Security.Cryptography;
using NanoDps.Provisioning;

namespace NanoDps.Benchmarks;

/// <summary>The core's HMAC port on .NET's HMAC-SHA256.</summary>
internal sealed class HostHmac : IHmac
{
    public static readonly HostHmac Instance = new();

    public byte[] ComputeHmacSha256(byte[] key, byte[] data) => HMACSHA256.HashData(key, data);
}
