using NanoDps.Esp32;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// Holds <see cref="ManagedHmacSha256"/>, the stand-in for the chip on the virtual device, to
    /// the RFC 4231 vectors everywhere, and to the chip itself on a board.
    /// </summary>
    [TestClass]
    public class ManagedHmacTests
    {
        [TestMethod]
        public void Rfc4231Case2()
        {
            // printf 'what do ya want for nothing?' | openssl dgst -sha256 -mac HMAC -macopt key:Jefe
            byte[] mac = new ManagedHmacSha256().ComputeHmacSha256(Ascii.GetBytes("Jefe"), Ascii.GetBytes("what do ya want for nothing?"));

            Assert.AreEqual("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Hex.ToLower(mac, mac.Length));
        }

        [TestMethod]
        public void Rfc4231Case6LongKey()
        {
            byte[] key = new byte[131];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = 0xaa;
            }

            // printf 'Test Using Larger Than Block-Size Key - Hash Key First' |
            //   openssl dgst -sha256 -mac HMAC -macopt hexkey:$(python3 -c "print('aa'*131)")
            byte[] mac = new ManagedHmacSha256().ComputeHmacSha256(key, Ascii.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First"));

            Assert.AreEqual("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", Hex.ToLower(mac, mac.Length));
        }

        [TestMethod]
        public void AgreesWithTheChipAcrossLengths()
        {
            TestPlatform.RequireNativeCrypto();
            ManagedHmacSha256 managed = new ManagedHmacSha256();
            Esp32Hmac chip = new Esp32Hmac();
            for (int length = 1; length <= 130; length += 7)
            {
                byte[] bytes = new byte[length];
                for (int i = 0; i < length; i++)
                {
                    bytes[i] = (byte)((i * 31) + length);
                }

                byte[] expected = managed.ComputeHmacSha256(bytes, bytes);
                byte[] actual = chip.ComputeHmacSha256(bytes, bytes);

                Assert.AreEqual(Hex.ToLower(expected, 32), Hex.ToLower(actual, 32), "key and data of " + length.ToString() + " bytes");
            }
        }
    }
}
