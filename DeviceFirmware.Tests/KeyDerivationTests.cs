using System;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class KeyDerivationTests
    {
        [TestMethod]
        public void Derive_GivesTheKeyTheAzureDocsPrint()
        {
            byte[] key = DeviceKey.Derive(Convert.FromBase64String(CryptoVectors.DocsGroupKey), CryptoVectors.DocsRegistrationId, TestPlatform.Hmac());
            Assert.AreEqual(CryptoVectors.DocsDerivedKey, DeviceKey.ToBase64(key));
        }

        [TestMethod]
        public void Derive_GivesTheOpensslKeyForAMacBasedId()
        {
            byte[] key = DeviceKey.Derive(Convert.FromBase64String(CryptoVectors.DocsGroupKey), CryptoVectors.MacRegistrationId, TestPlatform.Hmac());
            Assert.AreEqual(32, key.Length);
            Assert.AreEqual(CryptoVectors.MacDerivedKey, DeviceKey.ToBase64(key));
        }

        [TestMethod]
        public void Resolve_DerivesFromAGroupKey()
        {
            DeviceConfig config = new DeviceConfig();
            config.GroupKey = CryptoVectors.DocsGroupKey;
            Assert.AreEqual(CryptoVectors.MacDerivedKey, DeviceKey.ToBase64(DeviceKey.Resolve(config, CryptoVectors.MacRegistrationId, TestPlatform.Hmac())));
        }

        [TestMethod]
        public void Resolve_UsesAnIndividualKeyAsItIs()
        {
            DeviceConfig config = new DeviceConfig();
            config.DeviceKey = CryptoVectors.DocsDerivedKey;
            Assert.AreEqual(CryptoVectors.DocsDerivedKey, DeviceKey.ToBase64(DeviceKey.Resolve(config, CryptoVectors.MacRegistrationId, TestPlatform.Hmac())));
        }

        [TestMethod]
        public void Decode_RefusesAKeyThatIsNotValid()
        {
            Assert.ThrowsException(typeof(ArgumentException), () => Base64Key.Decode("not base64!"));
        }

        [TestMethod]
        [DataRow("", "is empty")]
        [DataRow("abc", "multiple of 4")]
        [DataRow("abc!defghijklmnopqrstuvw", "character 4 is not allowed")]
        [DataRow("ab=cdefghijklmnopqrstuvw", "character 3 is not allowed")]
        [DataRow("AAAAAAAAAAAAAAAAAAAA", "15 bytes")]
        [DataRow("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "69 bytes; a DPS key has 16 to 64 bytes")]
        public void Check_NamesWhatIsWrong(string key, string expected)
        {
            string problem = Base64Key.Check(key);
            Assert.IsNotNull(problem);
            Assert.Contains(expected, problem);
        }

        [TestMethod]
        [DataRow("AAAAAAAAAAAAAAAAAAAAAA==")]
        [DataRow("Jsm0lyGpjaVYVP2g3FnmnmG9dI/9qU24wNoykUmermc=")]
        [DataRow("8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==")]
        public void Check_AcceptsKeysOf16To64Bytes(string key)
        {
            Assert.IsNull(Base64Key.Check(key));
        }

        [TestMethod]
        public void Check_RefusesA65ByteKeyAndAcceptsA64ByteOne()
        {
            // 65 bytes: 88 base64 characters, the last one '=' padding.
            string key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
            Assert.Contains("65 bytes", Base64Key.Check(key));
            Assert.IsNull(Base64Key.Check("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="));
        }
    }
}
