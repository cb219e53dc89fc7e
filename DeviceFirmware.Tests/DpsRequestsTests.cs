using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class DpsRequestsTests
    {
        [TestMethod]
        public void Register_IsAPutWithTheRegistrationIdInPathAndBody()
        {
            DpsRequest request = DpsRequests.Register("global.azure-devices-provisioning.net", "0ne00000A0A", "nanodps-a0b1c2d3e4f5", "2021-10-01", "token", null);
            Assert.AreEqual("PUT", request.Method);
            Assert.AreEqual(RequestKind.Register, request.Kind);
            Assert.AreEqual("https://global.azure-devices-provisioning.net/0ne00000A0A/registrations/nanodps-a0b1c2d3e4f5/register?api-version=2021-10-01", request.Url);
            Assert.AreEqual("{\"registrationId\":\"nanodps-a0b1c2d3e4f5\"}", request.Body);
            Assert.AreEqual("token", request.Authorization);
        }

        [TestMethod]
        public void Register_AddsTheCustomPayloadObject()
        {
            DpsRequest request = DpsRequests.Register("h", "s", "r", "2021-10-01", "t", "{\"model\":\"esp32\",\"fw\":\"1.2.0\"}");
            Assert.AreEqual("{\"registrationId\":\"r\",\"payload\":{\"model\":\"esp32\",\"fw\":\"1.2.0\"}}", request.Body);
        }

        [TestMethod]
        public void PollOperation_IsAGetOfTheOperationWithoutBody()
        {
            DpsRequest request = DpsRequests.PollOperation("127.0.0.1:8443", "0ne00000A0A", "dev1", "5.316a:b", "2019-03-31", "t");
            Assert.AreEqual("GET", request.Method);
            Assert.AreEqual(RequestKind.PollOperation, request.Kind);
            Assert.AreEqual("https://127.0.0.1:8443/0ne00000A0A/registrations/dev1/operations/5.316a%3Ab?api-version=2019-03-31", request.Url);
            Assert.IsNull(request.Body);
        }

        [TestMethod]
        public void Headers_AreTheOnesDpsExpects()
        {
            Assert.AreEqual("application/json; charset=utf-8", DpsRequest.ContentType);
            Assert.AreEqual("application/json", DpsRequest.Accept);
        }

        [TestMethod]
        public void HubTelemetry_PostsToTheDeviceEventsWithAHubToken()
        {
            byte[] key = System.Convert.FromBase64String(CryptoVectors.MacDerivedKey);
            ProvisionedDevice device = new ProvisionedDevice("hub-1.azure-devices.net", CryptoVectors.MacRegistrationId, key, 1, 300, TestPlatform.Hmac());
            DpsRequest request = HubRequests.DeviceToCloud(device, CryptoVectors.Expiry - HubRequests.TokenTtlSeconds, "{\"hello\":1}");
            Assert.AreEqual("POST", request.Method);
            Assert.AreEqual("https://hub-1.azure-devices.net/devices/nanodps-a0b1c2d3e4f5/messages/events?api-version=2020-03-13", request.Url);
            Assert.Contains("sr=hub-1.azure-devices.net%2Fdevices%2Fnanodps-a0b1c2d3e4f5&sig=" + PercentEncoder.Encode(CryptoVectors.HubSignature), request.Authorization);
            Assert.AreEqual("{\"hello\":1}", request.Body);
        }

        [TestMethod]
        public void TheRegisterAndItsPollsKeepTheConnection_AHubMessageDoesNot()
        {
            Assert.IsTrue(DpsRequests.Register("h", "s", "r", "2021-10-01", "t", null).KeepsConnection);
            Assert.IsTrue(DpsRequests.PollOperation("h", "s", "r", "op", "2021-10-01", "t").KeepsConnection);
            Assert.IsFalse(new DpsRequest(RequestKind.HubTelemetry, "POST", "hub", "/devices/r/messages/events", "t", "{}").KeepsConnection);
        }

        [TestMethod]
        [DataRow(0, 30000, 30000)]
        [DataRow(45000, 30000, 30000)]
        [DataRow(12000, 30000, 12000)]
        [DataRow(30000, 30000, 30000)]
        public void APhaseIsBoundedByTheSmallerOfItsOwnTimeoutAndTheTimeLimit(int timeLimit, int own, int expected)
        {
            DpsRequest request = DpsRequests.Register("dps.example.net", CryptoVectors.IdScope, CryptoVectors.MacRegistrationId, "2021-10-01", "token", null);
            request.TimeLimitMilliseconds = timeLimit;
            Assert.AreEqual(expected, request.Bounded(own));
        }
    }
}
