using System;
using System.IO;
using nanoFramework.TestFramework;

namespace NanoDps.Esp32.Tests
{
    /// <summary>
    /// What the target under test offers. The virtual device (nanoCLR) has no native crypto and,
    /// depending on its build, no I:\ drive; the tests that need them skip themselves there and
    /// run on an ESP32 (nano.runsettings: IsRealHardware = True).
    /// </summary>
    internal static class Board
    {
        /// <summary>Skips the calling test unless the native HMAC-SHA256 is there.</summary>
        public static void RequireNativeCrypto()
        {
            if (!HasNativeCrypto())
            {
                Assert.SkipTest("no native HMAC-SHA256 on this target: run on an ESP32");
            }
        }

        /// <summary>Skips the calling test unless the internal flash drive I:\ is mounted.</summary>
        public static void RequireInternalFlash()
        {
            if (!HasInternalFlash())
            {
                Assert.SkipTest("no I:\\ drive on this target: run on an ESP32");
            }
        }

        private static bool HasNativeCrypto()
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

        private static bool HasInternalFlash()
        {
            try
            {
                foreach (DriveInfo drive in DriveInfo.GetDrives())
                {
                    if (drive.Name != null && drive.Name.StartsWith("I:"))
                    {
                        return true;
                    }
                }
            }
            catch (Exception)
            {
                // No file system support in this firmware.
            }

            return false;
        }
    }
}
