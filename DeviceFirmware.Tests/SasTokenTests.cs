using System;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class SasTokenTests
    {
        [TestMethod]
        public void StringToSign_IsEncodedResourceNewlineExpiry()
        {
            string resource = SasToken.DpsResource(CryptoVectors.IdScope, CryptoVectors.MacRegistrationId);
            Assert.AreEqual("0ne00000A0A/registrations/nanodps-a0b1c2d3e4f5", resource);
            Assert.AreEqual(CryptoVectors.DpsSr + "\n1800000000", SasToken.StringToSign(PercentEncoder.Encode(resource), CryptoVectors.Expiry));
        }

        [TestMethod]
        public void Create_GivesTheOpensslToken()
        {
            string token = SasToken.Create(
                SasToken.DpsResource(CryptoVectors.IdScope, CryptoVectors.MacRegistrationId),
                Convert.FromBase64String(CryptoVectors.MacDerivedKey),
                CryptoVectors.Expiry,
                SasToken.RegistrationKeyName,
                TestPlatform.Hmac());
            Assert.AreEqual(CryptoVectors.DpsToken, token);
        }

        [TestMethod]
        public void Create_ForTheHub_HasNoKeyNameAndTheOpensslSignature()
        {
            string token = SasToken.Create(
                SasToken.HubResource("hub-1.azure-devices.net", CryptoVectors.MacRegistrationId),
                Convert.FromBase64String(CryptoVectors.MacDerivedKey),
                CryptoVectors.Expiry,
                null,
                TestPlatform.Hmac());
            Assert.AreEqual(
                "SharedAccessSignature sr=hub-1.azure-devices.net%2Fdevices%2Fnanodps-a0b1c2d3e4f5&sig=" + PercentEncoder.Encode(CryptoVectors.HubSignature) + "&se=1800000000",
                token);
        }

        [TestMethod]
        public void Create_ChangesWithTheExpiry()
        {
            byte[] key = Convert.FromBase64String(CryptoVectors.MacDerivedKey);
            string a = SasToken.Create("s/registrations/r", key, 1800000000, null, TestPlatform.Hmac());
            string b = SasToken.Create("s/registrations/r", key, 1800000001, null, TestPlatform.Hmac());
            Assert.AreNotEqual(a, b);
        }
    }
}
