using System;
using NanoDps.Esp32;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// What the shared tests take from the platform they run on (the host runner has its own copy
    /// in Host/HostTestPlatform.cs). On an ESP32: the chip's HMAC through the firmware's
    /// <see cref="Esp32Hmac"/>, so the shared key, SAS and flow tests run against the hardware. On the
    /// virtual device, which has no native crypto: <see cref="ManagedHmacSha256"/>.
    /// </summary>
    public static class TestPlatform
    {
        private static IHmac _hmac;

        /// <summary>The platform's HMAC-SHA256.</summary>
        public static IHmac Hmac()
        {
            if (_hmac == null)
            {
                _hmac = HasNativeCrypto() ? new Esp32Hmac() : new ManagedHmacSha256();
            }

            return _hmac;
        }

        /// <summary>Skips the calling test unless the native HMAC-SHA256 is there.</summary>
        public static void RequireNativeCrypto()
        {
            if (!HasNativeCrypto())
            {
                Assert.SkipTest("no native HMAC-SHA256 on this target: run on an ESP32");
            }
        }

        /// <summary>True when the native HMACSHA256 works on this target.</summary>
        public static bool HasNativeCrypto()
        {
            try
            {
                new Esp32Hmac().ComputeHmacSha256(new byte[] { 1 }, new byte[] { 2 });
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
