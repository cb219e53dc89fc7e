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
        [DataRow(0, 2)]
        public void HubAnswer_IsAcceptedRejectedOrFailed(int status, int expected)
        {
            HubVerdict verdict = HubRequests.Judge(HttpExchangeResult.Answered(status, -1, null), HubProof.Name, new RecordingLog());
            Assert.AreEqual(expected, (int)verdict);
        }

        [TestMethod]
        public void NoAnswer_IsFailedNotRejected()
        {
            RecordingLog log = new RecordingLog();
            Assert.AreEqual((int)HubVerdict.Failed, (int)HubRequests.Judge(HttpExchangeResult.TransportFailed("timeout"), HubProof.Name, log));
            Assert.IsTrue(log.Contains("hub proof: failed (timeout)"), log.Text());
        }

        [TestMethod]
        public void Refusal_IsLoggedWithTheHubsMessage()
        {
            DpsResponse body = new DpsResponse();
            body.Message = "Device not found";
            RecordingLog log = new RecordingLog();
            HubRequests.Judge(HttpExchangeResult.Answered(404, -1, body), HubProof.Name, log);
            Assert.IsTrue(log.Contains("hub proof: refused (HTTP 404: Device not found)"), log.Text());
        }

        [TestMethod]
        public void Message_GoesToTheRecordsHubSignedForItsDevice()
        {
            ProvisioningRecord record = ProvisioningRecordTests.Sample();
            ProvisionedDevice device = new ProvisionedDevice(record.AssignedHub, record.DeviceId, Convert.FromBase64String(CryptoVectors.MacDerivedKey), 1, 300, TestPlatform.Hmac());
            DpsRequest request = HubProof.Request(device, record, "1.2.3", CryptoVectors.Expiry - HubRequests.TokenTtlSeconds);
            Assert.AreEqual("https://hub-1.azure-devices.net/devices/dev-1/messages/events?api-version=2020-03-13", request.Url);
            Assert.AreEqual((int)RequestKind.HubTelemetry, (int)request.Kind);
            Assert.Contains("sr=hub-1.azure-devices.net%2Fdevices%2Fdev-1&sig=", request.Authorization);
            Assert.Contains("&se=1800000000", request.Authorization);
            Assert.Contains("\"firmware\":\"1.2.3\"", request.Body);
        }
    }
}
