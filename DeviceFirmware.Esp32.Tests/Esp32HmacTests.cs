using System;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace NanoDps.Esp32.Tests
{
    /// <summary>
    /// The chip's HMAC-SHA256 (mbedTLS, hardware SHA) through <see cref="Esp32Hmac"/> and the
    /// core's key derivation and SAS token, against values computed independently with openssl
    /// and Python (command beside each). Board only: the virtual device has no native crypto.
    /// </summary>
    [TestClass]
    public class Esp32HmacTests
    {
        // bytes 0x00..0x3f; a visibly synthetic 64-byte enrollment group key.
        private const string GroupKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
        private const string RegistrationIdValue = "nanodps-a0b1c2d3e4f5";

        [TestMethod]
        public void Rfc4231Case2MatchesOpenssl()
        {
            Board.RequireNativeCrypto();

            // printf 'what do ya want for nothing?' | openssl dgst -sha256 -mac HMAC -macopt key:Jefe
            byte[] mac = new Esp32Hmac().ComputeHmacSha256(Ascii.GetBytes("Jefe"), Ascii.GetBytes("what do ya want for nothing?"));

            Assert.AreEqual("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Hex.ToLower(mac, mac.Length));
        }

        [TestMethod]
        public void KeyLongerThanTheBlockIsHashedFirst()
        {
            Board.RequireNativeCrypto();
            byte[] key = new byte[131];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = 0xaa;
            }

            // RFC 4231 case 6: printf 'Test Using Larger Than Block-Size Key - Hash Key First' |
            //   openssl dgst -sha256 -mac HMAC -macopt hexkey:$(python3 -c "print('aa'*131)")
            byte[] mac = new Esp32Hmac().ComputeHmacSha256(key, Ascii.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First"));

            Assert.AreEqual("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", Hex.ToLower(mac, mac.Length));
        }

        [TestMethod]
        public void DerivedDeviceKeyMatchesOpenssl()
        {
            Board.RequireNativeCrypto();

            // printf 'nanodps-a0b1c2d3e4f5' | openssl dgst -sha256 -mac HMAC \
            //   -macopt hexkey:$(python3 -c "print(''.join('%02x'%i for i in range(64)))") -binary | base64
            byte[] deviceKey = DeviceKey.Derive(Convert.FromBase64String(GroupKey), RegistrationIdValue, new Esp32Hmac());

            Assert.AreEqual("yjvRY+swVTHuEgeGcksNISiIzAg4GyVdevxNkEs+UjE=", DeviceKey.ToBase64(deviceKey));
        }

        [TestMethod]
        public void SasTokenMatchesPython()
        {
            Board.RequireNativeCrypto();
            byte[] deviceKey = DeviceKey.Derive(Convert.FromBase64String(GroupKey), RegistrationIdValue, new Esp32Hmac());

            // python3: key = b64decode("yjvRY+swVTHuEgeGcksNISiIzAg4GyVdevxNkEs+UjE=")
            //   sr = quote("0ne00ABCDEF/registrations/nanodps-a0b1c2d3e4f5", safe="-._~")
            //   sig = b64encode(hmac.new(key, (sr + "\n1800000000").encode(), sha256).digest())
            //   "SharedAccessSignature sr=%s&sig=%s&se=1800000000&skn=registration" % (sr, quote(sig, safe="-._~"))
            string token = SasToken.Create(SasToken.DpsResource("0ne00ABCDEF", RegistrationIdValue), deviceKey, 1800000000, SasToken.RegistrationKeyName, new Esp32Hmac());

            Assert.AreEqual(
                "SharedAccessSignature sr=0ne00ABCDEF%2Fregistrations%2Fnanodps-a0b1c2d3e4f5&sig=HcLcedK23gAak1LP1hK4jHHgjH6c0xnhMZKGdXMCYLI%3D&se=1800000000&skn=registration",
                token);
        }

        [TestMethod]
        public void KeyIsLeftUntouched()
        {
            Board.RequireNativeCrypto();
            byte[] key = Convert.FromBase64String(GroupKey);
            Esp32Hmac hmac = new Esp32Hmac();

            byte[] first = hmac.ComputeHmacSha256(key, Ascii.GetBytes(RegistrationIdValue));
            byte[] second = hmac.ComputeHmacSha256(key, Ascii.GetBytes(RegistrationIdValue));

            Assert.AreEqual(GroupKey, Convert.ToBase64String(key), "the adapter must not clear or change the caller's key");
            CollectionAssert.AreEqual(first, second);
        }
    }
}
