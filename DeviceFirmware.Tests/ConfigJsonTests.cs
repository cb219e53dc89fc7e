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

        [TestMethod]
        public void EveryField_IsSeenByTheComparisonAndSurvivesTheGroupKeyRewrite()
        {
            foreach (ConfigField field in ConfigFields.All)
            {
                DeviceConfig changed = Full();
                changed.GroupKey = CryptoVectors.DocsGroupKey;
                DeviceConfig original = ConfigFields.Copy(changed);
                field.Set(changed, OtherValue(field, changed));
                Assert.IsFalse(ConfigJson.SameSettings(original, changed), field.Name + ": a change is not seen");

                MemoryFlash flash = new MemoryFlash();
                DeviceConfigFile file = new DeviceConfigFile(flash, new JsonConfigParser());
                Assert.IsNull(file.ReplaceGroupKey(changed, CryptoVectors.MacRegistrationId, CryptoVectors.MacDerivedKey, "rewritten"), field.Name);
                DeviceConfig back = file.Load(false).Config;
                if (field.Name == "groupKey")
                {
                    Assert.IsTrue(field.IsUnset(back), "the rewrite takes the group key out");
                }
                else if (field.Name == "deviceKey" || field.Name == "registrationId")
                {
                    Assert.AreEqual(field.Name == "deviceKey" ? CryptoVectors.MacDerivedKey : CryptoVectors.MacRegistrationId, (string)field.Get(back));
                }
                else
                {
                    Assert.IsTrue(field.Same(changed, back), field.Name + ": lost in the rewrite");
                    Assert.AreEqual(Text(field.Get(changed)), Text(field.Get(back)), field.Name);
                }
            }
        }

        private static string Text(object value)
        {
            return value == null ? string.Empty : value.ToString();
        }

        /// <summary>A value of <paramref name="field"/> that differs from the one <paramref name="config"/> holds.</summary>
        private static object OtherValue(ConfigField field, DeviceConfig config)
        {
            switch (field.Kind)
            {
                case ConfigFieldKind.Seconds: return (int)field.Get(config) + 7;
                case ConfigFieldKind.Flag: return !(bool)field.Get(config);
                case ConfigFieldKind.Json: return field.IsUnset(config) ? "{\"k\":1}" : null;
                default: return field.Name + "-changed";
            }
        }
    }
}
