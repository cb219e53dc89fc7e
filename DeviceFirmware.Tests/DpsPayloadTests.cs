using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>The payload DPS returns (a custom allocation's answer to the device): handed over, kept, bounded.</summary>
    [TestClass]
    public class DpsPayloadTests
    {
        private const string Payload = "{\"site\":\"plant-7\",\"interval\":30}";

        [TestMethod]
        public void FirstBoot_HandsThePayloadOverAndKeepsItInTheRecord()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Dps.Payload = Payload;

            BootOutcome outcome = board.Boot();

            Assert.IsTrue(outcome.IsProvisioned, board.Log.Text());
            Assert.AreEqual(Payload, outcome.Device.PayloadJson);
            Assert.AreEqual(Payload, new RecordStore(board.Flash).Load().PayloadJson);
        }

        [TestMethod]
        public void SecondBoot_HandsTheStoredPayloadOverWithoutDps()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Dps.Payload = Payload;
            board.Boot();
            board.Dps.Payload = null;

            BootOutcome second = board.Boot();

            Assert.IsTrue(second.UsedStoredAssignment, board.Log.Text());
            Assert.AreEqual(1, board.Dps.Registrations);
            Assert.AreEqual(Payload, second.Device.PayloadJson);
        }

        [TestMethod]
        public void NoPayload_HandsOverNull()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));

            BootOutcome outcome = board.Boot();

            Assert.IsTrue(outcome.IsProvisioned, board.Log.Text());
            Assert.IsNull(outcome.Device.PayloadJson);
            Assert.IsNull(outcome.Device.PayloadLogLine());
        }

        [TestMethod]
        public void PayloadOverTheBound_IsDroppedWithOneLineAndTheDeviceStillProvisions()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Dps.Payload = JsonOf(ProvisionedDevice.MaxPayloadLength + 1);

            BootOutcome outcome = board.Boot();

            Assert.IsTrue(outcome.IsProvisioned, board.Log.Text());
            Assert.IsNull(outcome.Device.PayloadJson);
            Assert.IsNull(new RecordStore(board.Flash).Load().PayloadJson);
            Assert.IsTrue(board.Log.Contains("DPS payload: 1025 chars, over 1024: not kept"), board.Log.Text());
        }

        [TestMethod]
        public void PayloadAtTheBound_IsKept()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            string payload = JsonOf(ProvisionedDevice.MaxPayloadLength);
            board.Dps.Payload = payload;

            BootOutcome outcome = board.Boot();

            Assert.AreEqual(payload, outcome.Device.PayloadJson);
            Assert.AreEqual(payload, new RecordStore(board.Flash).Load().PayloadJson);
        }

        [TestMethod]
        public void RecordWithPayload_IsVersion2AndRoundTrips()
        {
            string text = Sample(Payload).ToText();

            Assert.StartsWith("nanodps-record/2\nassignedHub=hub-1.azure-devices.net\n", text);
            Assert.Contains("\nconfigFingerprint=" + CryptoVectors.Fingerprint + "\npayload=" + Payload + "\ncrc32=", text);
            ProvisioningRecord read = ProvisioningRecord.Parse(text);
            Assert.IsNotNull(read);
            Assert.AreEqual(Payload, read.PayloadJson);
            Assert.AreEqual("dev-1", read.DeviceId);
            Assert.AreEqual(1800000123L, read.AssignedAtUnix);
        }

        [TestMethod]
        public void RecordWithoutPayload_StaysVersion1()
        {
            Assert.StartsWith("nanodps-record/1\n", Sample(null).ToText());
            Assert.StartsWith("nanodps-record/1\n", Sample(string.Empty).ToText());
        }

        [TestMethod]
        public void Version1Record_WrittenByEarlierFirmware_StillReads()
        {
            string body = "nanodps-record/1\nassignedHub=hub-1.azure-devices.net\ndeviceId=dev-1\nregistrationId=r-1\nidScope=0ne00000001\n"
                + "endpoint=global.azure-devices-provisioning.net\nassignedAtUnix=1800000123\nconfigFingerprint=" + CryptoVectors.Fingerprint + "\n";
            string text = body + "crc32=" + Crc32.ToHex(Crc32.OfAscii(body, body.Length)) + "\n";

            ProvisioningRecord read = ProvisioningRecord.Parse(text);

            Assert.IsNotNull(read);
            Assert.AreEqual("hub-1.azure-devices.net", read.AssignedHub);
            Assert.IsNull(read.PayloadJson);
        }

        [TestMethod]
        public void MultiLinePayload_IsStoredOnOneLine()
        {
            ProvisioningRecord read = ProvisioningRecord.Parse(Sample("{\r\n  \"a\": 1\n}").ToText());

            Assert.IsNotNull(read);
            Assert.AreEqual("{    \"a\": 1 }", read.PayloadJson);
        }

        [TestMethod]
        public void Version2_EveryTruncationAndChangedCharacter_ReadsAsNone()
        {
            string text = Sample(Payload).ToText();
            for (int length = 0; length < text.Length; length++)
            {
                Assert.IsNull(ProvisioningRecord.Parse(text.Substring(0, length)), "cut at " + length.ToString());
            }

            for (int i = 0; i < text.Length; i++)
            {
                char[] chars = text.ToCharArray();
                chars[i] = chars[i] == 'x' ? 'y' : 'x';
                Assert.IsNull(ProvisioningRecord.Parse(new string(chars)), "changed at " + i.ToString());
            }
        }

        [TestMethod]
        public void Version2_WithoutThePayloadLine_ReadsAsNone()
        {
            string v1 = Sample(null).ToText();
            string body = "nanodps-record/2" + v1.Substring(16, v1.IndexOf("crc32=") - 16);

            Assert.IsNull(ProvisioningRecord.Parse(body + "crc32=" + Crc32.ToHex(Crc32.OfAscii(body, body.Length)) + "\n"));
        }

        [TestMethod]
        public void LogLine_IsShortAndSaysTheLength()
        {
            ProvisionedDevice small = Device(Payload);
            ProvisionedDevice large = Device(JsonOf(500));

            Assert.AreEqual("DPS payload: " + Payload, small.PayloadLogLine());
            string line = large.PayloadLogLine();
            Assert.EndsWith("... (500 chars)", line);
            Assert.IsTrue(line.Length < 120, line);
        }

        private static ProvisioningRecord Sample(string payload)
        {
            return new ProvisioningRecord("hub-1.azure-devices.net", "dev-1", CryptoVectors.MacRegistrationId, CryptoVectors.IdScope,
                "global.azure-devices-provisioning.net", 1800000123L, CryptoVectors.Fingerprint, payload);
        }

        private static ProvisionedDevice Device(string payload)
        {
            return new ProvisionedDevice("hub-1.azure-devices.net", "dev-1", new byte[32], 1, 300, TestPlatform.Hmac(), payload);
        }

        // A JSON object of exactly `length` characters: {"p":"xxx...x"}.
        private static string JsonOf(int length)
        {
            return "{\"p\":\"" + new string('x', length - 8) + "\"}";
        }
    }
}
