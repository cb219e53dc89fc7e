using System;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>Every way a boot fails: what is reported, what is not attempted after it, and that it ends in a counted retry sleep.</summary>
    [TestClass]
    public class BootFailureTests
    {
        /// <summary>
        /// config/device.json as the repository ships it, placeholders and all: every field and value
        /// (a literal, so that the test also runs on nanoCLR, which has no repository to read;
        /// Host/ShippedTemplateTests checks that it still equals the file).
        /// </summary>
        public const string ShippedTemplate = "{\"_comment\":\"nanoDps device configuration template. Copy it to config/device.local.json (git-ignored), replace each <...> placeholder there"
            + " and deploy that copy to I:\\\\device.json with config/deploy.json. Every field is described in config/README.md. Never commit a real key or password."
            + " On its first boot the board rewrites its I:\\\\device.json with its own derived deviceKey and no groupKey (keepGroupKey true keeps the group key).\","
            + "\"wifiSsid\":\"<your 2.4 GHz Wi-Fi network name>\",\"wifiPassword\":\"<your Wi-Fi password>\","
            + "\"idScope\":\"<ID Scope from the DPS overview page, like 0ne00XXXXXX>\",\"endpoint\":\"global.azure-devices-provisioning.net\",\"apiVersion\":\"2021-10-01\","
            + "\"groupKey\":\"<paste the enrollment group primary key>\",\"deviceKey\":\"\",\"registrationIdPrefix\":\"nanodps\",\"registrationId\":\"\","
            + "\"sasTtlSeconds\":3600,\"deadlineSeconds\":3600,\"telemetryIntervalSeconds\":300,\"keepGroupKey\":false,"
            + "\"payload\":{\"model\":\"esp32-devkitc\",\"firmware\":\"1.0.0\"}}";

        private static TestBoard Woken(string config)
        {
            // A timer wake-up sleeps at once, without the minute awake after a power-on.
            TestBoard board = new TestBoard();
            board.Power.WokeFromRetrySleep = true;
            if (config != null)
            {
                board.Deploy(config);
            }

            return board;
        }

        private static void AssertFailedAndSlept(TestBoard board, BootOutcome outcome, BootFailure failure)
        {
            Assert.IsFalse(outcome.IsProvisioned, board.Log.Text());
            Assert.AreEqual((int)failure, (int)outcome.Failure, board.Log.Text());
            Assert.AreEqual((int)BootOutcomeKind.Sleep, (int)outcome.Kind);
            Assert.IsNull(outcome.Device);
            Assert.AreEqual(1, board.Power.Sleeps.Count, "one deep sleep");
            Assert.AreEqual(outcome.SleepSeconds, (int)board.Power.Sleeps[0]);
            Assert.IsTrue(outcome.SleepSeconds >= RetrySchedule.FirstWindowSeconds / 2 && outcome.SleepSeconds <= RetrySchedule.FirstWindowSeconds, "first failed boot: " + outcome.SleepSeconds.ToString() + " s");
            Assert.AreEqual(1, outcome.FailedBootsInARow);
            Assert.AreEqual(1, new BootCounter(board.Flash).Load().FailedInARow, "the failed boot is counted in flash");
            Assert.IsTrue(board.Log.Contains("failed boot 1 in a row: " + outcome.Reason), board.Log.Text());
        }

        [TestMethod]
        public void NoConfig_FailsBeforeTheNetwork()
        {
            TestBoard board = Woken(null);
            BootOutcome outcome = board.Boot();
            AssertFailedAndSlept(board, outcome, BootFailure.ConfigMissing);
            Assert.Contains("nanoff --filedeployment", outcome.Reason, "the reason says how to deploy device.json");
            Assert.AreEqual(0, board.Network.Joins);
            Assert.AreEqual(0, board.Network.CredentialWrites);
        }

        [TestMethod]
        public void InvalidConfig_NamesEveryFieldAndTouchesNothing()
        {
            TestBoard board = Woken("{\"wifiSsid\":\"lab\",\"idScope\":\"0ne 000\",\"groupKey\":\"abc\",\"sasTtlSeconds\":\"3600\",\"idScop\":1}");

            BootOutcome outcome = board.Boot();

            AssertFailedAndSlept(board, outcome, BootFailure.ConfigInvalid);
            AssertFields(outcome.ConfigErrors, "sasTtlSeconds,idScope,groupKey", board);
            Assert.IsTrue(board.Log.Contains("device.json: sasTtlSeconds: must be a whole number of seconds"), board.Log.Text());
            Assert.IsTrue(board.Log.Contains("unknown field \"idScop\""), "an unknown field is noted, not an error");
            Assert.AreEqual(0, board.Network.Joins);
            Assert.AreEqual(0, board.Dps.Requests.Count);
        }

        [TestMethod]
        public void NotJson_IsReportedAsSuch()
        {
            TestBoard board = Woken("{\"wifiSsid\": \"lab\",");
            BootOutcome outcome = board.Boot();
            AssertFailedAndSlept(board, outcome, BootFailure.ConfigInvalid);
            Assert.IsTrue(board.Log.Contains("device.json: is not valid JSON"), board.Log.Text());
        }

        [TestMethod]
        public void TemplatePlaceholders_AreRefusedByFieldName()
        {
            TestBoard board = Woken(ShippedTemplate);

            BootOutcome outcome = board.Boot();

            AssertFailedAndSlept(board, outcome, BootFailure.ConfigInvalid);
            AssertFields(outcome.ConfigErrors, "wifiSsid,wifiPassword,idScope,groupKey", board);
            Assert.IsTrue(board.Log.Contains("device.json: wifiPassword: still holds the template's <...> placeholder: replace it with your Wi-Fi password"), board.Log.Text());
        }

        [TestMethod]
        public void NoMac_AndNoRegistrationId_FailsBeforeTheNetwork()
        {
            TestBoard board = Woken(TestBoard.GroupConfig(string.Empty));
            board.Network.Mac = new byte[6];
            BootOutcome outcome = board.Boot();
            AssertFailedAndSlept(board, outcome, BootFailure.NoStationMac);
            Assert.AreEqual(0, board.Network.Joins);
        }

        [TestMethod]
        [DataRow(1, "network not found", "wifiSsid")]
        [DataRow(2, "wrong password", "wifiPassword")]
        [DataRow(3, "no address from DHCP", "DHCP")]
        [DataRow(4, "timed out", "wifiSsid and wifiPassword")]
        [DataRow(5, "the Wi-Fi driver failed (Exception: boom)", "wifiSsid and wifiPassword")]
        public void NetworkNotJoined_NamesWhatHappened(int kind, string name, string hint)
        {
            TestBoard board = Woken(TestBoard.GroupConfig(string.Empty));
            board.Network.Then(new NetworkJoinResult((NetworkJoinKind)kind, kind == 5 ? "Exception: boom" : null));

            BootOutcome outcome = board.Boot();

            AssertFailedAndSlept(board, outcome, BootFailure.NetworkNotJoined);
            Assert.Contains("Wi-Fi not joined: " + name, outcome.Reason);
            Assert.Contains(hint, outcome.Reason);
            Assert.AreEqual(60000, board.Network.LastTimeout);
            Assert.AreEqual(0, board.ClockSync.Calls);
            Assert.AreEqual(0, board.Roots.Loads);
            Assert.AreEqual(0, board.Dps.Requests.Count);
        }

        [TestMethod]
        public void ClockNeverSet_SendsNothing()
        {
            TestBoard board = Woken(TestBoard.GroupConfig(string.Empty));
            board.Clock.UtcNowMilliseconds = 5000;
            board.ClockSync.Answers = false;

            BootOutcome outcome = board.Boot();

            AssertFailedAndSlept(board, outcome, BootFailure.ClockNotSet);
            Assert.Contains("1970-01-01 00:01:05 UTC", outcome.Reason, "the reason says what the clock reads");
            Assert.Contains("UDP port 123", outcome.Reason);
            Assert.AreEqual(0, board.Dps.Requests.Count);
        }

        [TestMethod]
        public void RootsMissing_SendsNothing()
        {
            TestBoard board = Woken(TestBoard.GroupConfig(string.Empty));
            board.Roots.Missing = "I:\\microsoft-rsa-root-2017.pem not found";

            BootOutcome outcome = board.Boot();

            AssertFailedAndSlept(board, outcome, BootFailure.RootsMissing);
            Assert.AreEqual(1, board.Network.Joins, "the network came up");
            Assert.AreEqual(0, board.Dps.Requests.Count, "no DPS request and no hub message without the roots");
            Assert.Contains("nanoff --filedeployment", outcome.Reason, "the reason says how to deploy the roots");
        }

        [TestMethod]
        [DataRow(200, "failed", 1)]
        [DataRow(200, "disabled", 2)]
        [DataRow(401, "", 3)]
        [DataRow(404, "", 4)]
        [DataRow(400, "", 5)]
        public void EachProvisioningOutcome_FailsTheBoot_AndStoresNothing(int status, string operationStatus, int expectedKind)
        {
            TestBoard board = Woken(TestBoard.GroupConfig(string.Empty));
            HttpExchangeResult answer;
            if (operationStatus.Length > 0)
            {
                DpsResponse body = new DpsResponse();
                body.OperationId = "op";
                body.Status = operationStatus;
                answer = HttpExchangeResult.Answered(status, -1, body);
            }
            else
            {
                answer = ScriptedExchange.Error(status, (status * 1000) + 1, -1);
            }

            // Twice: a 401 is retried once with a fresh token.
            board.Dps.ThenDps(answer).ThenDps(answer);

            BootOutcome outcome = board.Boot();

            AssertFailedAndSlept(board, outcome, BootFailure.NotAssigned);
            Assert.AreEqual(expectedKind, (int)outcome.Provisioning.Kind);
            Assert.IsNull(new RecordStore(board.Flash).Load());
            Assert.AreEqual(0, board.Dps.HubMessages);
            Assert.IsTrue(board.Log.Contains("no assignment after "), board.Log.Text());
        }

        [TestMethod]
        public void NoAnswerUntilTheDeadline_FailsTheBoot()
        {
            TestBoard board = Woken(TestBoard.GroupConfig(",\n  \"deadlineSeconds\": 60"));
            for (int i = 0; i < 40; i++)
            {
                board.Dps.ThenDps(HttpExchangeResult.TransportFailed("TLS handshake with global.azure-devices-provisioning.net got no answer within 20 s"));
            }

            BootOutcome outcome = board.Boot();

            AssertFailedAndSlept(board, outcome, BootFailure.NotAssigned);
            Assert.AreEqual((int)OutcomeKind.DeadlineExceeded, (int)outcome.Provisioning.Kind);
            Assert.Contains("no assignment within deadlineSeconds", outcome.Reason);
            Assert.IsTrue(outcome.DpsRequests >= 1, outcome.DpsRequests.ToString());
        }

        [TestMethod]
        public void HubRefusingTwice_FailsTheBootAfterOneNewRegistration()
        {
            TestBoard board = Woken(TestBoard.GroupConfig(string.Empty));
            board.Dps.ThenHub(401).ThenHub(401);

            BootOutcome outcome = board.Boot();

            AssertFailedAndSlept(board, outcome, BootFailure.HubRejected);
            Assert.AreEqual(2, board.Dps.Registrations, "one registration, then one more");
            Assert.AreEqual(2, board.Dps.HubMessages);
            Assert.Contains("again after a new registration", outcome.Reason);
            Assert.IsNotNull(outcome.Record);
        }

        [TestMethod]
        [DataRow(503)]
        [DataRow(429)]
        [DataRow(0)]
        public void HubUnreachable_FailsTheBoot_ButKeepsTheAssignment(int status)
        {
            TestBoard board = Woken(TestBoard.GroupConfig(string.Empty));
            board.Dps.ThenHub(status == 0 ? HttpExchangeResult.TransportFailed("cannot connect") : HttpExchangeResult.Answered(status, -1, null));

            BootOutcome outcome = board.Boot();

            AssertFailedAndSlept(board, outcome, BootFailure.HubFailed);
            Assert.AreEqual(1, board.Dps.Registrations, "a hub in trouble is no reason to register again");
            Assert.IsNotNull(new RecordStore(board.Flash).Load(), "the assignment stays stored");

            board.Boot();
            Assert.AreEqual(1, board.Dps.Registrations, "the next boot tries the hub with the stored assignment");
        }

        [TestMethod]
        public void AnAdapterThatThrows_FailsTheBoot_CountedAndSlept()
        {
            TestBoard throwing = Woken(TestBoard.GroupConfig(string.Empty));
            BootPorts ports = throwing.Ports();
            ports.Http = new ThrowingExchange();
            BootSequence boot = new BootSequence(ports, throwing.Settings);
            BootOutcome outcome = BootRunner.Run(boot, boot.Start(), ports);

            Assert.AreEqual((int)BootFailure.Unexpected, (int)outcome.Failure);
            Assert.Contains("unexpected InvalidOperationException: the adapter broke its promise", outcome.Reason);
            Assert.AreEqual(1, throwing.Power.Sleeps.Count);
            Assert.AreEqual(1, new BootCounter(throwing.Flash).Load().FailedInARow);
        }

        private sealed class ThrowingExchange : IHttpExchange
        {
            public HttpExchangeResult Send(DpsRequest request)
            {
                throw new InvalidOperationException("the adapter broke its promise");
            }
        }

        /// <summary>The fields <paramref name="errors"/> name, in order, as "a,b,c".</summary>
        private static void AssertFields(ConfigError[] errors, string fields, TestBoard board)
        {
            string named = string.Empty;
            foreach (ConfigError error in errors)
            {
                named += (named.Length == 0 ? string.Empty : ",") + error.Field;
            }

            Assert.AreEqual(fields, named, board.Log.Text());
        }
    }
}
