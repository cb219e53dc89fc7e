using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class ProvisioningRecordTests
    {
        [TestMethod]
        public void Text_RoundTrips()
        {
            ProvisioningRecord record = Sample();
            ProvisioningRecord read = ProvisioningRecord.Parse(record.ToText());
            Assert.IsNotNull(read);
            Assert.AreEqual("hub-1.azure-devices.net", read.AssignedHub);
            Assert.AreEqual("dev-1", read.DeviceId);
            Assert.AreEqual(CryptoVectors.MacRegistrationId, read.RegistrationId);
            Assert.AreEqual(CryptoVectors.IdScope, read.IdScope);
            Assert.AreEqual("global.azure-devices-provisioning.net", read.Endpoint);
            Assert.AreEqual(1800000123L, read.AssignedAtUnix);
            Assert.AreEqual(CryptoVectors.Fingerprint, read.ConfigFingerprint);
        }

        [TestMethod]
        public void Text_IsVersionedReadableAndChecksummed()
        {
            string text = Sample().ToText();
            Assert.StartsWith("nanodps-record/1\nassignedHub=hub-1.azure-devices.net\n", text);
            Assert.Contains("\nconfigFingerprint=" + CryptoVectors.Fingerprint + "\ncrc32=", text);
            string body = text.Substring(0, text.IndexOf("crc32="));
            Assert.EndsWith("crc32=" + Crc32.ToHex(Crc32.OfAscii(body, body.Length)) + "\n", text);
        }

        [TestMethod]
        public void EveryTruncation_ReadsAsNone()
        {
            string text = Sample().ToText();
            for (int length = 0; length < text.Length; length++)
            {
                Assert.IsNull(ProvisioningRecord.Parse(text.Substring(0, length)), "cut at " + length.ToString());
            }
        }

        [TestMethod]
        public void AnyChangedCharacter_ReadsAsNone()
        {
            string text = Sample().ToText();
            for (int i = 0; i < text.Length; i++)
            {
                char[] chars = text.ToCharArray();
                chars[i] = chars[i] == 'x' ? 'y' : 'x';
                Assert.IsNull(ProvisioningRecord.Parse(new string(chars)), "changed at " + i.ToString());
            }
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("hello")]
        [DataRow("{\"assignedHub\":\"h\"}")]
        [DataRow("nanodps-record/2\nassignedHub=h\n")]
        [DataRow("nanodps-record/1\ncrc32=00000000\n")]
        public void ForeignText_ReadsAsNone(string text)
        {
            Assert.IsNull(ProvisioningRecord.Parse(text));
        }

        [TestMethod]
        public void Null_ReadsAsNone()
        {
            Assert.IsNull(ProvisioningRecord.Parse(null));
        }

        [TestMethod]
        public void Fingerprint_IsTheHmacPythonComputesAndChangesWithEachInput()
        {
            byte[] key = System.Convert.FromBase64String(CryptoVectors.MacDerivedKey);
            IHmac hmac = TestPlatform.Hmac();
            string endpoint = "global.azure-devices-provisioning.net";
            string fingerprint = ConfigFingerprint.Compute(CryptoVectors.IdScope, CryptoVectors.MacRegistrationId, endpoint, key, hmac);
            Assert.AreEqual(CryptoVectors.Fingerprint, fingerprint);
            Assert.AreNotEqual(fingerprint, ConfigFingerprint.Compute("0ne00000A0B", CryptoVectors.MacRegistrationId, endpoint, key, hmac));
            Assert.AreNotEqual(fingerprint, ConfigFingerprint.Compute(CryptoVectors.IdScope, "other", endpoint, key, hmac));
            Assert.AreNotEqual(fingerprint, ConfigFingerprint.Compute(CryptoVectors.IdScope, CryptoVectors.MacRegistrationId, "127.0.0.1:8443", key, hmac));
            byte[] otherKey = System.Convert.FromBase64String(CryptoVectors.DocsDerivedKey);
            Assert.AreNotEqual(fingerprint, ConfigFingerprint.Compute(CryptoVectors.IdScope, CryptoVectors.MacRegistrationId, endpoint, otherKey, hmac));
            Assert.IsTrue(fingerprint.IndexOf(CryptoVectors.MacDerivedKey) < 0);
        }

        public static ProvisioningRecord Sample()
        {
            return new ProvisioningRecord("hub-1.azure-devices.net", "dev-1", CryptoVectors.MacRegistrationId, CryptoVectors.IdScope, "global.azure-devices-provisioning.net", 1800000123, CryptoVectors.Fingerprint);
        }
    }
}
