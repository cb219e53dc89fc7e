using System;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace NanoDps.Esp32.Tests
{
    /// <summary>
    /// <see cref="DpsJson"/> over the real nanoFramework.Json: DPS answers as the service sends
    /// them, names in any case, the custom payload kept as JSON text, and device.json read the way
    /// the PC reads it. Managed code only, so these run on the virtual device as well as a board.
    /// </summary>
    [TestClass]
    public class DpsJsonTests
    {
        private const string Assigned = "{\"operationId\":\"5.316aac5bdc130deb.b1e02da8-0d41-4bb4-a0b7-1b1ba0fc0c24\",\"status\":\"assigned\","
            + "\"registrationState\":{\"registrationId\":\"nanodps-a0b1c2d3e4f5\",\"createdDateTimeUtc\":\"2026-11-28T10:02:50.5163352Z\","
            + "\"assignedHub\":\"myhub.azure-devices.net\",\"deviceId\":\"nanodps-a0b1c2d3e4f5\",\"status\":\"assigned\",\"substatus\":\"initialAssignment\","
            + "\"lastUpdatedDateTimeUtc\":\"2026-11-28T10:02:50.7Z\",\"etag\":\"IjAwMDA=\",\"payload\":{\"model\":\"esp32\",\"limits\":{\"max\":5}}}}";

        [TestMethod]
        public void AssigningAnswerGivesTheOperationToPoll()
        {
            DpsResponse response = DpsJson.ParseResponse("{\"operationId\":\"5.316aac5bdc130deb.b1e02da8\",\"status\":\"assigning\"}");

            Assert.AreEqual("5.316aac5bdc130deb.b1e02da8", response.OperationId);
            Assert.AreEqual("assigning", response.Status);
            Assert.IsNull(response.RegistrationState);
        }

        [TestMethod]
        public void AssignedAnswerFillsTheRegistrationState()
        {
            DpsRegistrationState state = DpsJson.ParseResponse(Assigned).RegistrationState;

            Assert.AreEqual("myhub.azure-devices.net", state.AssignedHub);
            Assert.AreEqual("nanodps-a0b1c2d3e4f5", state.DeviceId);
            Assert.AreEqual("initialAssignment", state.Substatus);
        }

        [TestMethod]
        public void ReturnedPayloadIsKeptAsJsonText()
        {
            string payload = DpsJson.ParseResponse(Assigned).RegistrationState.PayloadJson;

            Assert.IsNull(JsonText.CheckObject(payload), payload);
            Assert.Contains("\"model\":\"esp32\"", payload);
            Assert.Contains("\"max\":5", payload);
        }

        [TestMethod]
        public void NamesMatchInAnyCase()
        {
            DpsResponse response = DpsJson.ParseResponse("{\"OperationId\":\"op-1\",\"STATUS\":\"assigning\"}");

            Assert.AreEqual("op-1", response.OperationId);
            Assert.AreEqual("assigning", response.Status);
        }

        [TestMethod]
        public void ErrorBodyGivesCodeMessageAndTrackingId()
        {
            DpsResponse response = DpsJson.ParseResponse("{\"errorCode\":401002,\"trackingId\":\"8ad0463c-1111-2222-3333-444455556666\",\"message\":\"Unauthorized\",\"timestampUtc\":\"2026-11-28T10:00:00.000Z\"}");

            Assert.AreEqual(401002, response.ErrorCode);
            Assert.AreEqual("Unauthorized", response.Message);
            Assert.AreEqual("8ad0463c-1111-2222-3333-444455556666", response.TrackingId);
        }

        [TestMethod]
        public void FailedAnswerCarriesTheAllocationError()
        {
            DpsResponse response = DpsJson.ParseResponse("{\"operationId\":\"op-2\",\"status\":\"failed\",\"registrationState\":{\"registrationId\":\"nanodps-a0b1c2d3e4f5\","
                + "\"status\":\"failed\",\"errorCode\":400207,\"errorMessage\":\"Custom allocation failed with status code: 400\"}}");

            Assert.AreEqual("failed", response.Status);
            Assert.AreEqual(400207, response.RegistrationState.ErrorCode);
            Assert.AreEqual("Custom allocation failed with status code: 400", response.RegistrationState.ErrorMessage);
            Assert.IsNull(response.RegistrationState.PayloadJson);
        }

        [TestMethod]
        public void HtmlIsRejected()
        {
            bool rejected = false;
            try
            {
                DpsJson.ParseResponse("<html><body>502 Bad Gateway</body></html>");
            }
            catch (Exception)
            {
                rejected = true;
            }

            Assert.IsTrue(rejected, "a body that is not JSON must throw, so the exchange reports it as malformed");
        }

        [TestMethod]
        public void DeviceJsonReadsLikeOnThePc()
        {
            ConfigParseResult parsed = DpsJson.ParseConfig("{\"_comment\":\"ignored\",\"wifiSsid\":\"lab\",\"wifiPassword\":\"lab-password\",\"idScope\":\"0ne00ABCDEF\","
                + "\"groupKey\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==\",\"deviceKey\":\"\","
                + "\"sasTtlSeconds\":1800,\"keepGroupKey\":true,\"registrationId\":null,\"payload\":{\"model\":\"esp32-devkit\"}}");
            Assert.AreEqual(0, parsed.Errors.Length);
            Assert.AreEqual(0, parsed.Notes.Length);
            DeviceConfig config = parsed.Config;
            config.ApplyDefaults();

            Assert.AreEqual("lab", config.WifiSsid);
            Assert.AreEqual("0ne00ABCDEF", config.IdScope);
            Assert.AreEqual(1800, config.SasTtlSeconds);
            Assert.AreEqual(DeviceConfig.DefaultDeadlineSeconds, config.DeadlineSeconds, "a missing number keeps 0 and takes the default");
            Assert.AreEqual(DeviceConfig.DefaultEndpoint, config.Endpoint);
            Assert.IsNull(config.RegistrationId, "a missing string stays null");
            Assert.AreEqual("{\"model\":\"esp32-devkit\"}", config.PayloadJson);
            Assert.IsTrue(config.KeepGroupKey);
            Assert.AreEqual(0, ConfigValidator.Validate(config, true).Length);
        }

        [TestMethod]
        public void PayloadThatIsNotAnObjectIsReportedByTheCore()
        {
            DeviceConfig config = DpsJson.ParseConfig("{\"wifiSsid\":\"lab\",\"idScope\":\"0ne00ABCDEF\","
                + "\"groupKey\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==\",\"payload\":\"esp32\"}").Config;
            config.ApplyDefaults();

            ConfigError[] errors = ConfigValidator.Validate(config, true);

            Assert.AreEqual(1, errors.Length);
            Assert.AreEqual("payload", errors[0].Field);
        }

        [TestMethod]
        public void ConfigWithoutPayloadHasNone()
        {
            DeviceConfig config = DpsJson.ParseConfig("{\"wifiSsid\":\"lab\",\"idScope\":\"0ne00ABCDEF\"}").Config;

            Assert.IsNull(config.PayloadJson);
        }

        [TestMethod]
        public void DeviceJsonFieldsOfTheWrongType_AreNamed()
        {
            ConfigParseResult parsed = DpsJson.ParseConfig("{\"idScope\":17,\"sasTtlSeconds\":\"3600\",\"deadlineSeconds\":1.5,\"keepGroupKey\":\"yes\",\"idScop\":1}");

            Assert.AreEqual(4, parsed.Errors.Length);
            string all = string.Empty;
            foreach (ConfigError error in parsed.Errors)
            {
                all += error.ToString() + "\n";
            }

            Assert.Contains("idScope: must be a string in double quotes", all);
            Assert.Contains("sasTtlSeconds: must be a whole number of seconds, without quotes", all);
            Assert.Contains("deadlineSeconds: must be a whole number of seconds, without quotes", all);
            Assert.Contains("keepGroupKey: must be true or false, without quotes", all);
            Assert.AreEqual("unknown field \"idScop\" is ignored", parsed.Notes[0]);
        }

        [TestMethod]
        public void DeviceJsonThatIsNotJson_IsReportedNotThrown()
        {
            ConfigParseResult parsed = DpsJson.ParseConfig("{\"idScope\": ");
            Assert.IsNull(parsed.Config);
            Assert.AreEqual("device.json", parsed.Errors[0].Field);
            Assert.StartsWith("is not valid JSON", parsed.Errors[0].Problem);
        }

        [TestMethod]
        public void TheCoresRewrite_ReadsBackAsWritten()
        {
            DeviceConfig config = new DeviceConfig();
            config.WifiSsid = "lab";
            config.WifiPassword = "pass \\ word";
            config.IdScope = "0ne00ABCDEF";
            config.DeviceKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
            config.RegistrationId = "nanodps-a0b1c2d3e4f5";
            config.PayloadJson = "{\"model\":\"esp32\"}";
            config.ApplyDefaults();

            DeviceConfig back = DpsJson.ParseConfig(ConfigJson.Write(config, "rewritten")).Config;
            back.ApplyDefaults();

            Assert.IsTrue(ConfigJson.SameSettings(config, back));
        }
    }
}
