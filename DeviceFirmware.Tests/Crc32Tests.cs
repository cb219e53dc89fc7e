using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class Crc32Tests
    {
        [TestMethod]
        public void OfAscii_MatchesZlib()
        {
            // python3 -c "import zlib; print(hex(zlib.crc32(b'123456789')))" -> 0xcbf43926
            Assert.AreEqual("cbf43926", Crc32.ToHex(Crc32.OfAscii("123456789", 9)));
            // python3 -c "import zlib; print(hex(zlib.crc32(b'')))" -> 0x0
            Assert.AreEqual("00000000", Crc32.ToHex(Crc32.OfAscii("", 0)));
        }
    }
}
