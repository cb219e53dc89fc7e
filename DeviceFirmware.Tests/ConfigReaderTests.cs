using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>The members of device.json as any platform's JSON library hands them over, into a DeviceConfig.</summary>
    [TestClass]
    public class ConfigReaderTests
    {
        [TestMethod]
        public void Members_AreMatchedWithoutCase_AndNumbersComeInAnyWholeType()
        {
            ConfigReader reader = new ConfigReader();
            reader.Value("IDSCOPE", "0ne00000A0A");
            reader.Value("wifiPassword", "pw");
            reader.Value("SasTtlSeconds", 1800);
            reader.Value("deadlineseconds", 600L);
            reader.Value("telemetryIntervalSeconds", 60);
            reader.Value("keepGroupKey", true);
            reader.Value("registrationId", null);
            reader.Nested("payload", "{\"a\":1}");
            ConfigParseResult result = reader.Result();

            Assert.AreEqual(0, result.Errors.Length);
            Assert.AreEqual(0, result.Notes.Length);
            Assert.AreEqual("0ne00000A0A", result.Config.IdScope);
            Assert.AreEqual("pw", result.Config.WifiPassword);
            Assert.AreEqual(1800, result.Config.SasTtlSeconds);
            Assert.AreEqual(600, result.Config.DeadlineSeconds);
            Assert.AreEqual(60, result.Config.TelemetryIntervalSeconds);
            Assert.IsTrue(result.Config.KeepGroupKey);
            Assert.IsNull(result.Config.RegistrationId, "a JSON null is as if the member were absent");
            Assert.AreEqual("{\"a\":1}", result.Config.PayloadJson);
        }

        [TestMethod]
        [DataRow("sasTtlSeconds", "3600", "must be a whole number of seconds, without quotes")]
        [DataRow("deadlineSeconds", 1.5, "must be a whole number of seconds, without quotes")]
        [DataRow("deadlineSeconds", 4294967296L, "must be a whole number of seconds, without quotes")]
        [DataRow("idScope", 17, "must be a string in double quotes")]
        [DataRow("groupKey", true, "must be a string in double quotes")]
        [DataRow("keepGroupKey", "true", "must be true or false, without quotes")]
        public void AValueOfTheWrongType_IsNamedWithItsField(string field, object value, string problem)
        {
            ConfigReader reader = new ConfigReader();
            reader.Value(field, value);
            ConfigError[] errors = reader.Result().Errors;
            Assert.AreEqual(1, errors.Length);
            Assert.AreEqual(field + ": " + problem, errors[0].ToString());
        }

        [TestMethod]
        public void AnObjectWhereAValueBelongs_IsNamedWithItsField()
        {
            ConfigReader reader = new ConfigReader();
            reader.Nested("idScope", "{}");
            reader.Nested("sasTtlSeconds", "[1]");
            ConfigError[] errors = reader.Result().Errors;
            Assert.AreEqual("idScope: must be a string in double quotes", errors[0].ToString());
            Assert.AreEqual("sasTtlSeconds: must be a whole number of seconds, without quotes", errors[1].ToString());
        }

        [TestMethod]
        public void APayloadThatIsNoObject_IsLeftForTheValidatorToName()
        {
            ConfigReader reader = new ConfigReader();
            reader.Value("payload", "esp32");
            DeviceConfig config = reader.Result().Config;
            Assert.AreEqual("\"esp32\"", config.PayloadJson);
            config.IdScope = CryptoVectors.IdScope;
            config.GroupKey = CryptoVectors.DocsGroupKey;
            config.ApplyDefaults();
            ConfigError[] errors = ConfigValidator.Validate(config, false);
            Assert.AreEqual(1, errors.Length);
            Assert.AreEqual("payload", errors[0].Field);
        }

        [TestMethod]
        public void UnknownMembers_AreNoted_CommentsAreNot_AndATwiceIsAnError()
        {
            ConfigReader reader = new ConfigReader();
            reader.Value("_comment", "x");
            reader.Value("$schema", "x");
            reader.Value("idScop", "typo");
            reader.Value("idScope", "a");
            reader.Value("IdScope", "b");
            reader.Note("a note of the platform's");
            ConfigParseResult result = reader.Result();
            Assert.AreEqual(2, result.Notes.Length);
            Assert.AreEqual("unknown field \"idScop\" is ignored", result.Notes[0]);
            Assert.AreEqual("a note of the platform's", result.Notes[1]);
            Assert.AreEqual("idScope: appears twice", result.Errors[0].ToString());
            Assert.AreEqual("a", result.Config.IdScope, "the first one counts");
        }
    }
}
