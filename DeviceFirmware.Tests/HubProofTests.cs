using System;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class HubProofTests
    {
        [TestMethod]
        [DataRow(204, 0)]
        [DataRow(200, 0)]
        [DataRow(401, 1)]
        [DataRow(404, 1)]
        [DataRow(429, 2)]
        [DataRow(503, 2)]
        public void HubAnswer_DecidesAcceptedRejectedOrFailed(int status, int expected)
        {
            FakeClock clock = new FakeClock(FakeClock.DefaultStart);
            ScriptedExchange hub = new ScriptedExchange(clock).Then(HttpExchangeResult.Answered(status, -1, null));
            HubProofResult result = HubProof.Send(ProvisioningRecordTests.Sample(), Convert.FromBase64String(CryptoVectors.MacDerivedKey), "1.0.0", hub, TestPlatform.Hmac(), clock, new RecordingLog());
            Assert.AreEqual(expected, (int)result);
        }

        [TestMethod]
        public void NoAnswer_IsFailedNotRejected()
        {
            FakeClock clock = new FakeClock(FakeClock.DefaultStart);
            ScriptedExchange hub = new ScriptedExchange(clock).Then(HttpExchangeResult.TransportFailed("timeout"));
            Assert.AreEqual((int)HubProofResult.Failed, (int)HubProof.Send(ProvisioningRecordTests.Sample(), new byte[32], "1.0.0", hub, TestPlatform.Hmac(), clock, new RecordingLog()));
        }

        [TestMethod]
        public void Message_GoesToTheRecordsHubSignedForItsDevice()
        {
            FakeClock clock = new FakeClock(CryptoVectors.Expiry * 1000 - (HubProof.TokenTtlSeconds * 1000L));
            ScriptedExchange hub = new ScriptedExchange(clock).Then(HttpExchangeResult.Answered(204, -1, null));
            RecordingLog log = new RecordingLog();
            HubProof.Send(ProvisioningRecordTests.Sample(), Convert.FromBase64String(CryptoVectors.MacDerivedKey), "1.2.3", hub, TestPlatform.Hmac(), clock, log);
            DpsRequest request = hub.Request(0);
            Assert.AreEqual("https://hub-1.azure-devices.net/devices/dev-1/messages/events?api-version=2020-03-13", request.Url);
            Assert.Contains("sr=hub-1.azure-devices.net%2Fdevices%2Fdev-1&sig=", request.Authorization);
            Assert.Contains("&se=1800000000", request.Authorization);
            Assert.Contains("\"firmware\":\"1.2.3\"", request.Body);
            foreach (string line in log.Lines)
            {
                Assert.IsTrue(line.IndexOf("sig=") < 0, line);
            }
        }
    }
}
