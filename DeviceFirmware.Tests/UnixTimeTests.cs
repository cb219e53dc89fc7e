using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class UnixTimeTests
    {
        /// <summary>Expected values from GNU date: date -u -d @SECONDS '+%Y-%m-%d %H:%M:%S'.</summary>
        [TestMethod]
        [DataRow(0L, "1970-01-01 00:00:00 UTC")]
        [DataRow(65L, "1970-01-01 00:01:05 UTC")]
        [DataRow(-1L, "1969-12-31 23:59:59 UTC")]
        [DataRow(951782400L, "2000-02-29 00:00:00 UTC")]
        [DataRow(946684799L, "1999-12-31 23:59:59 UTC")]
        [DataRow(1234567890L, "2009-02-13 23:31:30 UTC")]
        [DataRow(1709210096L, "2024-02-29 12:34:56 UTC")]
        [DataRow(1793491200L, "2026-11-01 00:00:00 UTC")]
        [DataRow(1795824000L, "2026-11-28 00:00:00 UTC")]
        [DataRow(1800000000L, "2027-01-15 08:00:00 UTC")]
        [DataRow(4102444800L, "2100-01-01 00:00:00 UTC")]
        [DataRow(253402300799L, "9999-12-31 23:59:59 UTC")]
        public void Format_AgreesWithGnuDate(long unixSeconds, string expected)
        {
            Assert.AreEqual(expected, UnixTime.Format(unixSeconds));
        }
    }
}
