using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class PercentEncoderTests
    {
        [TestMethod]
        [DataRow("abcXYZ019-._~", "abcXYZ019-._~")]
        [DataRow("a/b", "a%2Fb")]
        [DataRow("a+b=", "a%2Bb%3D")]
        [DataRow("a b", "a%20b")]
        [DataRow("x:y?z&w#%", "x%3Ay%3Fz%26w%23%25")]
        [DataRow("", "")]
        public void Encode_KeepsUnreservedAndUsesUppercaseHex(string text, string expected)
        {
            Assert.AreEqual(expected, PercentEncoder.Encode(text));
        }

        [TestMethod]
        public void Encode_ReturnsTheSameStringWhenNothingNeedsEncoding()
        {
            string text = "nothing-to.encode_here~";
            Assert.AreSame(text, PercentEncoder.Encode(text));
        }
    }
}
