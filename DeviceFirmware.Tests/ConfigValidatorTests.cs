using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class ConfigValidatorTests
    {
        [TestMethod]
        public void ValidConfig_HasNoErrors()
        {
            Assert.AreEqual(0, ConfigValidator.Validate(Valid(), true).Length);
        }

        [TestMethod]
        public void Defaults_AreFilledIn()
        {
            DeviceConfig config = new DeviceConfig();
            config.ApplyDefaults();
            Assert.AreEqual("global.azure-devices-provisioning.net", config.Endpoint);
            Assert.AreEqual("2021-10-01", config.ApiVersion);
            Assert.AreEqual("nanodps", config.RegistrationIdPrefix);
            Assert.AreEqual(3600, config.SasTtlSeconds);
            Assert.AreEqual(3600, config.DeadlineSeconds);
            Assert.AreEqual(300, config.TelemetryIntervalSeconds);
            Assert.IsFalse(config.KeepGroupKey);
        }

        [TestMethod]
        public void EmptyConfig_ReportsEveryMissingFieldAtOnce()
        {
            DeviceConfig config = new DeviceConfig();
            config.ApplyDefaults();
            ConfigError[] errors = ConfigValidator.Validate(config, true);
            Assert.AreEqual(3, errors.Length);
            Assert.AreEqual("wifiSsid", errors[0].Field);
            Assert.AreEqual("idScope", errors[1].Field);
            Assert.AreEqual("groupKey", errors[2].Field);
            Assert.Contains("groupKey (enrollment group) or deviceKey (individual enrollment)", errors[2].Problem);
        }

        [TestMethod]
        public void WifiFields_AreIgnoredOnAPc()
        {
            DeviceConfig config = Valid();
            config.WifiSsid = null;
            Assert.AreEqual(0, ConfigValidator.Validate(config, false).Length);
            Assert.AreEqual("wifiSsid", ConfigValidator.Validate(config, true)[0].Field);
        }

        [TestMethod]
        [DataRow("idScope", "0ne/000", "printable ASCII characters without spaces")]
        [DataRow("idScope", "0ne 000", "printable ASCII characters without spaces")]
        [DataRow("endpoint", "https://global.azure-devices-provisioning.net", "host name only")]
        [DataRow("endpoint", "global.azure-devices-provisioning.net/x", "host name only")]
        [DataRow("endpoint", "bad_host", "not a host name")]
        [DataRow("endpoint", "localhost:99999", "port")]
        [DataRow("endpoint", "localhost:", "port")]
        [DataRow("apiVersion", "2021-10", "a date like 2021-10-01")]
        [DataRow("groupKey", "abc", "not base64")]
        [DataRow("groupKey", "AAAAAAAAAAAAAAAAAAAA", "15 bytes")]
        [DataRow("registrationId", "Device-1", "uppercase")]
        [DataRow("registrationIdPrefix", "-x", "must start with a letter or digit")]
        [DataRow("payload", "[1]", "must be a JSON object")]
        [DataRow("wifiSsid", "123456789012345678901234567890123", "at most 32")]
        public void BadField_IsNamedWithWhatIsWrong(string field, string value, string expected)
        {
            DeviceConfig config = Valid();
            Set(config, field, value);
            ConfigError[] errors = ConfigValidator.Validate(config, true);
            Assert.AreEqual(1, errors.Length, "one error for " + field);
            Assert.AreEqual(field, errors[0].Field);
            Assert.Contains(expected, errors[0].Problem);
            Assert.StartsWith(field + ": ", errors[0].ToString());
        }

        [TestMethod]
        [DataRow(59, "sasTtlSeconds")]
        [DataRow(86401, "sasTtlSeconds")]
        [DataRow(29, "deadlineSeconds")]
        [DataRow(90000, "deadlineSeconds")]
        public void NumbersOutOfRange_AreNamed(int value, string field)
        {
            DeviceConfig config = Valid();
            if (field == "sasTtlSeconds")
            {
                config.SasTtlSeconds = value;
            }
            else
            {
                config.DeadlineSeconds = value;
            }

            ConfigError[] errors = ConfigValidator.Validate(config, true);
            Assert.AreEqual(1, errors.Length);
            Assert.AreEqual(field, errors[0].Field);
            Assert.Contains("is " + value.ToString() + "; it must be from", errors[0].Problem);
        }

        [TestMethod]
        [DataRow(9)]
        [DataRow(86401)]
        public void TelemetryIntervalOutOfRange_IsNamed(int value)
        {
            DeviceConfig config = Valid();
            config.TelemetryIntervalSeconds = value;
            ConfigError[] errors = ConfigValidator.Validate(config, true);
            Assert.AreEqual(1, errors.Length);
            Assert.AreEqual("telemetryIntervalSeconds: is " + value.ToString() + "; it must be from 10 to 86400", errors[0].ToString());
        }

        [TestMethod]
        [DataRow("wifiSsid", "<your 2.4 GHz Wi-Fi network name>", "your 2.4 GHz Wi-Fi network name")]
        [DataRow("wifiPassword", "<your Wi-Fi password>", "your Wi-Fi password")]
        [DataRow("idScope", "<ID Scope from the DPS overview page, like 0ne00XXXXXX>", "the ID Scope")]
        [DataRow("endpoint", "<dps host>", "the DPS host name")]
        [DataRow("apiVersion", "<api version>", "a date like 2021-10-01")]
        [DataRow("groupKey", "<paste the enrollment group primary key>", "the enrollment group's primary key")]
        [DataRow("deviceKey", " <device key> ", "the individual enrollment's key")]
        [DataRow("registrationIdPrefix", "<prefix>", "a prefix like nanodps")]
        [DataRow("registrationId", "<id>", "an explicit registration id")]
        [DataRow("payload", "{\"model\":\"<your model>\"}", "placeholder from the template")]
        public void APlaceholder_IsRefusedByFieldName_WithOneErrorOnly(string field, string value, string expected)
        {
            DeviceConfig config = Valid();
            if (field == "deviceKey")
            {
                config.GroupKey = null;
            }

            Set(config, field, value);
            ConfigError[] errors = ConfigValidator.Validate(config, true);
            Assert.AreEqual(1, errors.Length, errors.Length > 1 ? errors[1].ToString() : "no error");
            Assert.AreEqual(field, errors[0].Field);
            Assert.Contains(expected, errors[0].Problem);
            Assert.IsTrue(errors[0].Problem.IndexOf(value.Trim()) < 0, "the value is not repeated (it may be a secret)");
        }

        [TestMethod]
        public void WifiPlaceholders_AreIgnoredOnAPc()
        {
            DeviceConfig config = Valid();
            config.WifiSsid = "<your 2.4 GHz Wi-Fi network name>";
            config.WifiPassword = "<your Wi-Fi password>";
            Assert.AreEqual(0, ConfigValidator.Validate(config, false).Length);
            Assert.AreEqual(2, ConfigValidator.Validate(config, true).Length);
        }

        [TestMethod]
        public void WithoutDefaults_MissingFieldsAreReportedNotThrown()
        {
            DeviceConfig config = new DeviceConfig();
            ConfigError[] errors = ConfigValidator.Validate(config, false);
            string all = "";
            foreach (ConfigError error in errors)
            {
                all += error.ToString() + "\n";
            }

            Assert.Contains("endpoint: is missing", all);
            Assert.Contains("apiVersion: must be a date", all);
            Assert.Contains("registrationIdPrefix: is missing", all);
            Assert.Contains("sasTtlSeconds: is 0", all);
        }

        [TestMethod]
        public void EmptyOptionalStrings_CountAsAbsent()
        {
            DeviceConfig config = Valid();
            config.RegistrationId = "";
            config.PayloadJson = "";
            Assert.AreEqual(0, ConfigValidator.Validate(config, true).Length);
            Assert.AreEqual("nanodps-a0b1c2d3e4f5", RegistrationId.ForDevice(config, new byte[] { 0xA0, 0xB1, 0xC2, 0xD3, 0xE4, 0xF5 }));
            Assert.IsNull(ProvisioningSettings.FromConfig(config, "r", new byte[32]).PayloadJson);
        }

        [TestMethod]
        public void ExplicitRegistrationId_WinsOverTheMac()
        {
            DeviceConfig config = Valid();
            config.RegistrationId = "line-3-station-7";
            Assert.AreEqual("line-3-station-7", RegistrationId.ForDevice(config, new byte[6]));
        }

        [TestMethod]
        public void BothKeys_AreRefused()
        {
            DeviceConfig config = Valid();
            config.DeviceKey = CryptoVectors.DocsDerivedKey;
            ConfigError[] errors = ConfigValidator.Validate(config, true);
            Assert.AreEqual(1, errors.Length);
            Assert.Contains("both set", errors[0].Problem);
        }

        [TestMethod]
        public void Messages_NeverRepeatAKey()
        {
            DeviceConfig config = Valid();
            config.GroupKey = CryptoVectors.DocsGroupKey + "!";
            config.WifiPassword = "secret-password-that-is-way-too-long-for-wpa2-xxxxxxxxxxxxxxxxxxxxxxxxxx";
            foreach (ConfigError error in ConfigValidator.Validate(config, true))
            {
                Assert.IsTrue(error.Problem.IndexOf(CryptoVectors.DocsGroupKey) < 0, error.ToString());
                Assert.IsTrue(error.Problem.IndexOf("secret-password") < 0, error.ToString());
            }
        }

        [TestMethod]
        public void SeveralProblems_AreAllReported()
        {
            DeviceConfig config = Valid();
            config.IdScope = "";
            config.Endpoint = "https://x";
            config.RegistrationId = "UPPER";
            config.SasTtlSeconds = 5;
            Assert.AreEqual(4, ConfigValidator.Validate(config, true).Length);
        }

        public static DeviceConfig Valid()
        {
            DeviceConfig config = new DeviceConfig();
            config.WifiSsid = "factory-wifi";
            config.WifiPassword = "password";
            config.IdScope = CryptoVectors.IdScope;
            config.GroupKey = CryptoVectors.DocsGroupKey;
            config.PayloadJson = "{\"model\":\"esp32\"}";
            config.ApplyDefaults();
            return config;
        }

        private static void Set(DeviceConfig config, string field, string value)
        {
            switch (field)
            {
                case "idScope": config.IdScope = value; break;
                case "endpoint": config.Endpoint = value; break;
                case "apiVersion": config.ApiVersion = value; break;
                case "groupKey": config.GroupKey = value; break;
                case "registrationId": config.RegistrationId = value; break;
                case "registrationIdPrefix": config.RegistrationIdPrefix = value; break;
                case "payload": config.PayloadJson = value; break;
                case "wifiSsid": config.WifiSsid = value; break;
                case "wifiPassword": config.WifiPassword = value; break;
                case "deviceKey": config.DeviceKey = value; break;
            }
        }
    }
}
