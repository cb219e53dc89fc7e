using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class RegistrationIdTests
    {
        [TestMethod]
        public void FromMac_IsPrefixDashTwelveLowercaseHexDigits()
        {
            byte[] mac = new byte[] { 0xA0, 0xB1, 0xC2, 0xD3, 0xE4, 0xF5 };
            Assert.AreEqual("nanodps-a0b1c2d3e4f5", RegistrationId.FromMac("nanodps", mac));
        }

        [TestMethod]
        public void FromMac_KeepsLeadingZeros()
        {
            byte[] mac = new byte[] { 0x00, 0x01, 0x0A, 0x10, 0xFF, 0x09 };
            Assert.AreEqual("dev-00010a10ff09", RegistrationId.FromMac("dev", mac));
        }

        [TestMethod]
        [DataRow("a")]
        [DataRow("nanodps-a0b1c2d3e4f5")]
        [DataRow("sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6")]
        [DataRow("a.b_c-d9")]
        public void Check_AcceptsValidIds(string id)
        {
            Assert.IsNull(RegistrationId.Check(id));
        }

        [TestMethod]
        [DataRow("", "is empty")]
        [DataRow("Nanodps-1", "uppercase 'N' at position 1")]
        [DataRow("-abc", "must start with a letter or digit")]
        [DataRow("abc.", "must end with a letter or digit")]
        [DataRow("ab c", "position 3")]
        [DataRow("a:b", "not a-z, 0-9")]
        [DataRow("a/b", "not a-z, 0-9")]
        public void Check_NamesWhatIsWrong(string id, string expected)
        {
            Assert.Contains(expected, RegistrationId.Check(id));
        }

        [TestMethod]
        public void Check_Allows128CharactersButNot129()
        {
            string id128 = new string('a', 128);
            Assert.IsNull(RegistrationId.Check(id128));
            Assert.Contains("129 characters", RegistrationId.Check(id128 + "b"));
        }

        [TestMethod]
        public void CheckPrefix_LeavesRoomForTheMac()
        {
            Assert.IsNull(RegistrationId.CheckPrefix(new string('p', 115)));
            Assert.Contains("at most 115", RegistrationId.CheckPrefix(new string('p', 116)));
            Assert.IsNull(RegistrationId.Check(RegistrationId.FromMac(new string('p', 115), new byte[6])));
        }
    }
}
