using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>The default application's message and the decision on the hub's answer, and the hand-back to the boot on a refusal.</summary>
    [TestClass]
    public class TelemetryTests
    {
        private static TestBoard Provisioned()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            Assert.IsTrue(board.Boot().IsProvisioned, board.Log.Text());
            return board;
        }

        private static Telemetry App(TestBoard board, ProvisionedDevice device)
        {
            return new Telemetry(device, "1.2.3", board.Dps, board.Clock, board.Log);
        }

        [TestMethod]
        public void Message_HoldsUptimeHeapFirmwareAndBootCount()
        {
            Assert.AreEqual("{\"event\":\"nanodps-telemetry\",\"sequence\":3,\"uptimeSeconds\":4200,\"heapFreeBytes\":81234,\"firmware\":\"1.2.3\",\"bootCount\":17}",
                Telemetry.Message(3, 4200, 81234, "1.2.3", 17));
        }

        [TestMethod]
        public void AnUnknownHeap_IsLeftOutOfTheMessageAndTheLog()
        {
            Assert.AreEqual("{\"event\":\"nanodps-telemetry\",\"sequence\":3,\"uptimeSeconds\":4200,\"firmware\":\"1.2.3\",\"bootCount\":17}",
                Telemetry.Message(3, 4200, Telemetry.HeapUnknown, "1.2.3", 17));

            TestBoard board = Provisioned();
            App(board, board.Boot().Device).Send(120, Telemetry.HeapUnknown);
            Assert.IsTrue(board.Log.Contains("telemetry 1: accepted (204)"), board.Log.Text());
            Assert.IsFalse(board.Log.Contains("heap"), board.Log.Text());
            Assert.IsFalse(board.Dps.Last(RequestKind.HubTelemetry).Body.IndexOf("heap") >= 0, "the message leaves the heap out");
        }

        [TestMethod]
        public void Send_PostsToTheAssignedHub_SignedForTheDevice()
        {
            TestBoard board = Provisioned();
            ProvisionedDevice device = board.Boot().Device;
            board.Clock.UtcNowMilliseconds = (CryptoVectors.Expiry - HubRequests.TokenTtlSeconds) * 1000;

            HubVerdict verdict = App(board, device).Send(120, 90000);

            Assert.AreEqual((int)HubVerdict.Accepted, (int)verdict);
            DpsRequest request = board.Dps.Last(RequestKind.HubTelemetry);
            Assert.AreEqual("https://hub-1.azure-devices.net/devices/nanodps-a0b1c2d3e4f5/messages/events?api-version=2020-03-13", request.Url);
            Assert.AreEqual("SharedAccessSignature sr=hub-1.azure-devices.net%2Fdevices%2Fnanodps-a0b1c2d3e4f5&sig="
                + PercentEncoder.Encode(CryptoVectors.HubSignature) + "&se=1800000000", request.Authorization);
            Assert.AreEqual(Telemetry.Message(1, 120, 90000, "1.2.3", 2), request.Body);
            Assert.IsTrue(board.Log.Contains("telemetry 1: accepted (204)"), board.Log.Text());
        }

        [TestMethod]
        [DataRow(204, 0)]
        [DataRow(401, 1)]
        [DataRow(404, 1)]
        [DataRow(403, 2)]
        [DataRow(429, 2)]
        [DataRow(500, 2)]
        [DataRow(0, 2)]
        public void HubAnswer_DecidesWhatTheApplicationDoes(int status, int expected)
        {
            TestBoard board = Provisioned();
            ProvisionedDevice device = board.Boot().Device;
            board.Dps.ThenHub(status == 0 ? HttpExchangeResult.TransportFailed("no route") : HttpExchangeResult.Answered(status, -1, null));
            Assert.AreEqual(expected, (int)App(board, device).Send(1, 1));
        }

        [TestMethod]
        public void ARefusal_RegistersAgainOnce_AndTheApplicationGoesOnWithTheNewDevice()
        {
            TestBoard board = Provisioned();
            ProvisionedDevice device = board.Boot().Device;
            board.Dps.Hub = "hub-2.azure-devices.net";
            board.Dps.ThenHub(401);
            Assert.AreEqual((int)HubVerdict.Rejected, (int)App(board, device).Send(1, 1));

            BootOutcome again = board.HubRefused();

            Assert.IsTrue(again.IsProvisioned, board.Log.Text());
            Assert.AreEqual("hub-2.azure-devices.net", again.Device.AssignedHub);
            Assert.AreEqual(2, board.Dps.Registrations);
            Assert.IsTrue(board.Log.Contains("registering again: the assigned hub rejected the device (once per boot)"), board.Log.Text());
            Assert.AreEqual((int)HubVerdict.Accepted, (int)App(board, again.Device).Send(2, 1));
        }

        [TestMethod]
        public void ASecondRefusal_InTheSameBoot_FailsTheBoot()
        {
            TestBoard board = Provisioned();
            ProvisionedDevice device = board.Boot().Device;
            board.Dps.ThenHub(401);
            App(board, device).Send(1, 1);
            ProvisionedDevice fresh = board.HubRefused().Device;
            board.Dps.ThenHub(404);
            App(board, fresh).Send(2, 1);

            BootOutcome outcome = board.HubRefused();

            Assert.AreEqual((int)BootFailure.HubRejected, (int)outcome.Failure, board.Log.Text());
            Assert.AreEqual(2, board.Dps.Registrations, "one new registration per boot, no more");
            Assert.AreEqual(1, board.Power.Sleeps.Count);
        }
    }
}
