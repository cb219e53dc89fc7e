using System.Security.Cryptography;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary>
    /// <see cref="IHmac"/> on the native HMACSHA256 (mbedTLS over the ESP32's SHA accelerator).
    /// It calls the static <c>HashData</c> on purpose: an <c>HMACSHA256</c> instance keeps the
    /// caller's key array without copying it and zeroes that array in <c>Dispose</c>
    /// (System.Security.Cryptography 1.0.43), which would wipe the device key the core holds.
    /// </summary>
    public sealed class Esp32Hmac : IHmac
    {
        /// <inheritdoc/>
        public byte[] ComputeHmacSha256(byte[] key, byte[] data)
        {
            return HMACSHA256.HashData(key, data);
        }
    }
}
