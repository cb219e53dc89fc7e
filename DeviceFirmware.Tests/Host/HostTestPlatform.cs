using System.Security.Cryptography;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// What the shared tests take from the platform they run on. Here: .NET's HMAC-SHA256. On the
    /// board, DeviceFirmware.Tests.nfproj compiles OnBoard/TestPlatform.cs instead (the chip's HMAC).
    /// </summary>
    public static class TestPlatform
    {
        /// <summary>The platform's HMAC-SHA256.</summary>
        public static IHmac Hmac()
        {
            return new DotNetHmac();
        }

        private sealed class DotNetHmac : IHmac
        {
            public byte[] ComputeHmacSha256(byte[] key, byte[] data) => HMACSHA256.HashData(key, data);
        }
    }
}
