using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class Utf8BomTests
    {
        [TestMethod]
        public void TextStartsAfterAByteOrderMark_AndAtZeroWithoutOne()
        {
            Assert.AreEqual(3, Utf8Bom.TextStart(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{' }));
            Assert.AreEqual(3, Utf8Bom.TextStart(new byte[] { 0xEF, 0xBB, 0xBF }));
            Assert.AreEqual(0, Utf8Bom.TextStart(new byte[] { (byte)'{', 0xEF, 0xBB, 0xBF }));
            Assert.AreEqual(0, Utf8Bom.TextStart(new byte[] { 0xEF, 0xBB }));
            Assert.AreEqual(0, Utf8Bom.TextStart(new byte[0]));
        }
    }
}
