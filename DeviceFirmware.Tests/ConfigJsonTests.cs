using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class ConfigJsonTests
    {
        private static DeviceConfig Full()
        {
            DeviceConfig config = new DeviceConfig();
            config.WifiSsid = "lab \"north\"";
            config.WifiPassword = "p\\ss\u00e9";
            config.IdScope = CryptoVectors.IdScope;
            config.DeviceKey = CryptoVectors.MacDerivedKey;
            config.RegistrationId = CryptoVectors.MacRegistrationId;
            config.TelemetryIntervalSeconds = 60;
            config.PayloadJson = "{\"model\":\"esp32\",\"tags\":[1,2]}";
            config.ApplyDefaults();
            return config;
        }

        [TestMethod]
        public void Write_ReadsBackAsTheSameSettings()
        {
            DeviceConfig config = Full();
            string json = ConfigJson.Write(config, "rewritten");
            DeviceConfig back = new JsonConfigParser().Parse(json).Config;
            back.ApplyDefaults();
            Assert.IsTrue(ConfigJson.SameSettings(config, back), json);
            Assert.AreEqual("lab \"north\"", back.WifiSsid);
            Assert.AreEqual("p\\ss\u00e9", back.WifiPassword);
            Assert.AreEqual(config.PayloadJson, back.PayloadJson);
            Assert.StartsWith("{\n  \"_comment\": \"rewritten\",\n  \"wifiSsid\": \"lab \\\"north\\\"\",", json);
            Assert.IsTrue(json.IndexOf("groupKey") < 0, "an empty field is left out");
            Assert.IsTrue(json.IndexOf("keepGroupKey") < 0);
        }

        [TestMethod]
        public void SameSettings_SeesEveryDifference()
        {
            DeviceConfig other = Full();
            other.DeviceKey = CryptoVectors.DocsDerivedKey;
            Assert.IsFalse(ConfigJson.SameSettings(Full(), other));
            other = Full();
            other.TelemetryIntervalSeconds = 61;
            Assert.IsFalse(ConfigJson.SameSettings(Full(), other));
            other = Full();
            other.PayloadJson = null;
            Assert.IsFalse(ConfigJson.SameSettings(Full(), other));
            other = Full();
            other.KeepGroupKey = true;
            Assert.IsFalse(ConfigJson.SameSettings(Full(), other));
            other = Full();
            other.GroupKey = string.Empty;
            Assert.IsTrue(ConfigJson.SameSettings(Full(), other), "empty and absent are the same");
        }
    }
}
