using System;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>The boot from power-on to the hand-off, on a board of test doubles: the paths that end provisioned.</summary>
    [TestClass]
    public class BootSequenceTests
    {
        [TestMethod]
        public void FirstBoot_ProvisionsProvesAndHandsTheDeviceOver()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));

            BootOutcome outcome = board.Boot();

            Assert.IsTrue(outcome.IsProvisioned, board.Log.Text());
            Assert.AreEqual((int)BootFailure.None, (int)outcome.Failure);
            ProvisionedDevice device = outcome.Device;
            Assert.AreEqual("hub-1.azure-devices.net", device.AssignedHub);
            Assert.AreEqual(CryptoVectors.MacRegistrationId, device.DeviceId);
            Assert.AreEqual(CryptoVectors.MacDerivedKey, device.DeviceKey, "the key derived from the group key, as openssl computes it");
            Assert.AreEqual(1L, device.BootCount);
            Assert.AreEqual(DeviceConfig.DefaultTelemetryIntervalSeconds, device.TelemetryIntervalSeconds);
            Assert.AreEqual(1, board.Dps.Registrations);
            Assert.AreEqual(1, board.Dps.Polls);
            Assert.AreEqual(1, board.Dps.HubMessages);
            Assert.AreEqual(2, outcome.DpsRequests);
            Assert.IsFalse(outcome.UsedStoredAssignment);
            Assert.AreEqual(0, board.Power.Sleeps.Count);
            Assert.AreEqual(0, board.Power.Restarts);
            ProvisioningRecord record = new RecordStore(board.Flash).Load();
            Assert.AreEqual("hub-1.azure-devices.net", record.AssignedHub);
            Assert.AreEqual(CryptoVectors.Fingerprint, record.ConfigFingerprint);
            Assert.IsTrue(board.Log.Contains("registration id: nanodps-a0b1c2d3e4f5 (nanodps + MAC a0:b1:c2:d3:e4:f5)"), board.Log.Text());
            Assert.IsTrue(board.Log.Contains("boot decision: DPS (no stored assignment)"));
            Assert.IsTrue(board.Log.Contains("hub proof: accepted (204)"));
        }

        [TestMethod]
        public void FirstBoot_SignsWithTheKeyOpensslDerives()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Clock.UtcNowMilliseconds = (CryptoVectors.Expiry - 3600) * 1000;

            board.Boot();

            Assert.AreEqual(CryptoVectors.DpsToken, board.Dps.Request(0).Authorization);
        }

        [TestMethod]
        public void SecondBoot_UsesTheStoredAssignmentWithoutADpsRequest()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Boot();

            BootOutcome second = board.Boot();

            Assert.IsTrue(second.IsProvisioned, board.Log.Text());
            Assert.IsTrue(second.UsedStoredAssignment);
            Assert.AreEqual(0, second.DpsRequests);
            Assert.AreEqual(1, board.Dps.Registrations, "no registration on the second boot");
            Assert.AreEqual(2, board.Dps.HubMessages, "each boot proves its assignment");
            Assert.AreEqual(2L, second.Device.BootCount);
        }

        [TestMethod]
        public void WifiCredentials_AreWrittenOnlyWhenTheyDiffer()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Boot();
            Assert.AreEqual(1, board.Network.CredentialWrites, "the first boot stores them");
            Assert.AreEqual("lab", board.Network.StoredSsid);

            board.Boot();
            board.Boot();
            Assert.AreEqual(1, board.Network.CredentialWrites, "unchanged credentials are not written again");

            board.Deploy(TestBoard.Replace(TestBoard.GroupConfig(string.Empty), TestBoard.WifiPassword, "another-password-1"));
            board.Boot();
            Assert.AreEqual(2, board.Network.CredentialWrites, "a new password is written once");
            Assert.AreEqual("another-password-1", board.Network.StoredPassword);
            Assert.AreEqual(4, board.Network.Joins, "every boot joins");
        }

        [TestMethod]
        public void NoSecret_IsLogged_AndEachIsRegisteredForMasking()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Boot();

            string[] secrets = new string[] { CryptoVectors.DocsGroupKey, CryptoVectors.MacDerivedKey, TestBoard.WifiPassword, "sig=", "SharedAccessSignature" };
            foreach (string line in board.Log.Lines)
            {
                foreach (string secret in secrets)
                {
                    Assert.IsTrue(line.IndexOf(secret) < 0, "a log line holds a secret: " + line);
                }
            }

            Assert.IsTrue(board.Log.Redacted.Contains(CryptoVectors.DocsGroupKey));
            Assert.IsTrue(board.Log.Redacted.Contains(CryptoVectors.MacDerivedKey));
            Assert.IsTrue(board.Log.Redacted.Contains(TestBoard.WifiPassword));
        }

        [TestMethod]
        [DataRow("\"idScope\": \"" + CryptoVectors.IdScope + "\"", "\"idScope\": \"0ne00000B0B\"", "the id scope changed")]
        [DataRow("\"wifiSsid\": \"lab\"", "\"endpoint\": \"dps.example.net\", \"wifiSsid\": \"lab\"", "the DPS endpoint changed")]
        [DataRow("\"wifiSsid\": \"lab\"", "\"registrationId\": \"sensor-7\", \"wifiSsid\": \"lab\"", "the registration id changed")]
        public void ChangedConfig_ProvisionsAgain_ThenTheNextBootDoesNot(string from, string to, string reason)
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(",\n  \"keepGroupKey\": true"));
            board.Boot();

            board.Deploy(TestBoard.Replace(TestBoard.GroupConfig(",\n  \"keepGroupKey\": true"), from, to));
            BootOutcome changed = board.Boot();

            Assert.IsTrue(changed.IsProvisioned, board.Log.Text());
            Assert.IsTrue(board.Log.Contains("boot decision: DPS (" + reason + ")"), board.Log.Text());
            Assert.AreEqual(2, board.Dps.Registrations);
            board.Boot();
            Assert.AreEqual(2, board.Dps.Registrations, "the new assignment is used from then on");
        }

        [TestMethod]
        public void NewKey_ProvisionsAgain()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Boot();

            board.Deploy("{\"wifiSsid\":\"lab\",\"idScope\":\"" + CryptoVectors.IdScope + "\",\"deviceKey\":\"" + CryptoVectors.DocsDerivedKey + "\"}");
            board.Boot();

            Assert.IsTrue(board.Log.Contains("boot decision: DPS (the key changed)"), board.Log.Text());
            Assert.AreEqual(2, board.Dps.Registrations);
        }

        [TestMethod]
        public void ExplicitRegistrationId_NeedsNoMac()
        {
            TestBoard board = new TestBoard().Deploy("{\"wifiSsid\":\"lab\",\"idScope\":\"" + CryptoVectors.IdScope + "\",\"deviceKey\":\""
                + CryptoVectors.DocsDerivedKey + "\",\"registrationId\":\"" + CryptoVectors.DocsRegistrationId + "\"}");
            board.Network.Mac = null;

            BootOutcome outcome = board.Boot();

            Assert.IsTrue(outcome.IsProvisioned, board.Log.Text());
            Assert.AreEqual(CryptoVectors.DocsRegistrationId, outcome.Device.DeviceId);
            Assert.IsTrue(board.Log.Contains("registration id: " + CryptoVectors.DocsRegistrationId + " (from device.json)"), board.Log.Text());
        }

        [TestMethod]
        public void ClockNotYetSet_IsSetBySntpBeforeAnyTls()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Clock.UtcNowMilliseconds = 5000;

            BootOutcome outcome = board.Boot();

            Assert.IsTrue(outcome.IsProvisioned, board.Log.Text());
            Assert.AreEqual(1, board.ClockSync.Calls);
            Assert.IsTrue(board.Log.Contains("clock: 1970-01-01 00:00:05 UTC, before 2026-11-01 00:00:00 UTC"), board.Log.Text());
            Assert.IsTrue(board.Log.Contains("clock set: 2027-01-15 08:00:00 UTC"));
        }

        [TestMethod]
        public void ClockAlreadySet_IsNotSyncedAgain()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Boot();
            Assert.AreEqual(0, board.ClockSync.Calls);
            Assert.IsTrue(board.Log.Contains("clock: 2027-01-15 08:00:00 UTC"), board.Log.Text());
        }

        [TestMethod]
        public void HubRefusal_RegistersAgainOnce_ThenHandsOver()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Boot();
            board.Dps.Hub = "hub-2.azure-devices.net";
            board.Dps.ThenHub(404);

            BootOutcome outcome = board.Boot();

            Assert.IsTrue(outcome.IsProvisioned, board.Log.Text());
            Assert.AreEqual("hub-2.azure-devices.net", outcome.Device.AssignedHub);
            Assert.AreEqual(2, board.Dps.Registrations);
            Assert.AreEqual(3, board.Dps.HubMessages);
            Assert.AreEqual("hub-2.azure-devices.net", new RecordStore(board.Flash).Load().AssignedHub);
            Assert.IsTrue(board.Log.Contains("registering again: the assigned hub rejected the device (once per boot)"), board.Log.Text());
            Assert.IsTrue(board.Log.Contains("boot decision: DPS (the assigned hub rejected the device)"));
        }

        [TestMethod]
        public void BootCount_CountsEveryBoot_FailedOnesIncluded()
        {
            TestBoard board = new TestBoard();
            Assert.AreEqual(1L, board.Boot().BootCount, "no config: a failed boot, counted");
            board.Deploy(TestBoard.GroupConfig(string.Empty));
            Assert.AreEqual(2L, board.Boot().Device.BootCount);
            Assert.AreEqual(3L, board.Boot().Device.BootCount);
        }

        [TestMethod]
        public void ProvisionedDevice_MintsHubTokensAsPythonComputesThem()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            ProvisionedDevice device = board.Boot().Device;

            string token = device.CreateSasToken(CryptoVectors.Expiry);

            Assert.AreEqual("SharedAccessSignature sr=hub-1.azure-devices.net%2Fdevices%2Fnanodps-a0b1c2d3e4f5&sig="
                + PercentEncoder.Encode(CryptoVectors.HubSignature) + "&se=1800000000", token);
        }
    }
}
