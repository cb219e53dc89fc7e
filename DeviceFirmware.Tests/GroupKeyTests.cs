using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// The group key leaves the board after its first use: the first boot rewrites device.json with
    /// the derived key and the registration id, before any network traffic, and later boots (and
    /// registrations) use the derived key alone. keepGroupKey opts out.
    /// </summary>
    [TestClass]
    public class GroupKeyTests
    {
        private static DeviceConfig Deployed(TestBoard board)
        {
            ConfigParseResult parsed = new JsonConfigParser().Parse(board.DeployedConfig());
            Assert.IsNotNull(parsed.Config, board.DeployedConfig());
            return parsed.Config;
        }

        [TestMethod]
        public void FirstBoot_ReplacesTheGroupKeyWithTheDerivedKey_KeepingEverythingElse()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(",\n  \"payload\": {\"model\": \"esp32\"},\n  \"telemetryIntervalSeconds\": 60"));

            board.Boot();

            DeviceConfig config = Deployed(board);
            Assert.AreEqual(CryptoVectors.MacDerivedKey, config.DeviceKey, "HMAC-SHA256(group key, registration id) as openssl computes it");
            Assert.IsTrue(string.IsNullOrEmpty(config.GroupKey), board.DeployedConfig());
            Assert.IsTrue(board.DeployedConfig().IndexOf(CryptoVectors.DocsGroupKey) < 0, "not a trace of the group key");
            Assert.AreEqual(CryptoVectors.MacRegistrationId, config.RegistrationId, "the derived key is valid for this id only, so the id is written too");
            Assert.AreEqual("lab", config.WifiSsid);
            Assert.AreEqual(TestBoard.WifiPassword, config.WifiPassword);
            Assert.AreEqual(CryptoVectors.IdScope, config.IdScope);
            Assert.AreEqual(60, config.TelemetryIntervalSeconds);
            Assert.AreEqual("{\"model\": \"esp32\"}", config.PayloadJson);
            Assert.IsNull(board.Flash.Peek(DeviceConfigFile.FileName + ".tmp"), "no temp file left");
        }

        [TestMethod]
        public void Rewrite_HappensBeforeAnyNetworkTraffic()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Power.WokeFromRetrySleep = true;
            board.Network.Then(new NetworkJoinResult(NetworkJoinKind.NetworkNotFound, null));

            board.Boot();

            Assert.AreEqual(0, board.Dps.Requests.Count);
            Assert.AreEqual(CryptoVectors.MacDerivedKey, Deployed(board).DeviceKey, "rewritten although the network never came up");
        }

        [TestMethod]
        public void LaterBoots_MakeNoDpsRequest_AndDoNotRewriteAgain()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Boot();
            string rewritten = board.DeployedConfig();

            BootOutcome second = board.Boot();

            Assert.IsTrue(second.IsProvisioned, board.Log.Text());
            Assert.AreEqual(0, second.DpsRequests, "same registration id, same key: the stored assignment still matches");
            Assert.AreEqual(1, board.Flash.WritesOf(DeviceConfigFile.FileName + ".tmp"), "device.json written once, by the first boot");
            Assert.AreEqual(rewritten, board.DeployedConfig());
            Assert.AreEqual(CryptoVectors.MacDerivedKey, second.Device.DeviceKey);
        }

        [TestMethod]
        public void WithoutTheRecord_TheDerivedKeyAloneProvisionsAgain()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Boot();
            new RecordStore(board.Flash).Forget();
            board.Clock.UtcNowMilliseconds = (CryptoVectors.Expiry - 3600) * 1000;

            BootOutcome again = board.Boot();

            Assert.IsTrue(again.IsProvisioned, board.Log.Text());
            Assert.AreEqual(2, board.Dps.Registrations);
            Assert.AreEqual(CryptoVectors.DpsToken, board.Dps.Last(RequestKind.Register).Authorization, "signed with the derived key, as openssl computes the token");
            Assert.IsTrue(board.Log.Contains("registration id: nanodps-a0b1c2d3e4f5 (from device.json)"), board.Log.Text());
        }

        [TestMethod]
        public void KeepGroupKey_LeavesDeviceJsonAsDeployed()
        {
            string json = TestBoard.GroupConfig(",\n  \"keepGroupKey\": true");
            TestBoard board = new TestBoard().Deploy(json);

            Assert.IsTrue(board.Boot().IsProvisioned, board.Log.Text());

            Assert.AreEqual(json, board.DeployedConfig());
            Assert.AreEqual(0, board.Flash.WritesOf(DeviceConfigFile.FileName + ".tmp"));
        }

        [TestMethod]
        public void IndividualKey_IsLeftAlone()
        {
            string json = "{\"wifiSsid\":\"lab\",\"idScope\":\"" + CryptoVectors.IdScope + "\",\"deviceKey\":\"" + CryptoVectors.DocsDerivedKey + "\"}";
            TestBoard board = new TestBoard().Deploy(json);
            board.Boot();
            Assert.AreEqual(json, board.DeployedConfig());
        }

        [TestMethod]
        public void ARewriteThePlatformCannotReadBack_IsNotMade()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            BootPorts ports = board.Ports();
            ports.ConfigParser = new LosesTheDeviceKey(board.Parser);
            BootSequence boot = new BootSequence(ports, board.Settings);

            BootOutcome outcome = BootRunner.Run(boot, boot.Start(), ports);

            Assert.IsTrue(outcome.IsProvisioned, board.Log.Text());
            Assert.AreEqual(TestBoard.GroupConfig(string.Empty), board.DeployedConfig(), "the deployed file stays as it was");
            Assert.IsTrue(board.Log.Contains("device.json: group key kept: "), board.Log.Text());
        }

        /// <summary>A JSON library with a bug: it drops deviceKey.</summary>
        private sealed class LosesTheDeviceKey : IConfigParser
        {
            private readonly IConfigParser _inner;

            public LosesTheDeviceKey(IConfigParser inner)
            {
                _inner = inner;
            }

            public ConfigParseResult Parse(string json)
            {
                ConfigParseResult result = _inner.Parse(json);
                if (result.Config != null)
                {
                    result.Config.DeviceKey = null;
                }

                return result;
            }
        }
    }
}
