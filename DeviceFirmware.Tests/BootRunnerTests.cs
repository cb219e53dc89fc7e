using System;
using System.Collections;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>The board's whole life as the core's BootRunner drives it: boot, application, boot again.</summary>
    [TestClass]
    public class BootRunnerTests
    {
        [TestMethod]
        public void HubRefusal_SeenByTheApplication_RegistersAgainAndHandsOverTheNewDevice()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Dps.Hub = "hub-1.azure-devices.net";
            ScriptedApplication application = new ScriptedApplication(new int[] { ScriptedApplication.Refused, ScriptedApplication.Done });
            application.WhenRefusing = board.Dps;

            BootOutcome outcome = board.Live(application);

            Assert.IsTrue(outcome.IsProvisioned, board.Log.Text());
            Assert.AreEqual(2, application.Devices.Count);
            Assert.AreEqual("hub-1.azure-devices.net", ((ProvisionedDevice)application.Devices[0]).AssignedHub);
            Assert.AreEqual("hub-2.azure-devices.net", ((ProvisionedDevice)application.Devices[1]).AssignedHub);
            Assert.AreEqual(2, board.Dps.Registrations);
            Assert.AreEqual(0, board.Power.Sleeps.Count);
        }

        [TestMethod]
        public void ApplicationThatThrows_FailsTheBoot_AndTheBoardSleeps()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            ScriptedApplication application = new ScriptedApplication(new int[] { ScriptedApplication.Throws });

            BootOutcome outcome = board.Live(application);

            Assert.IsFalse(outcome.IsProvisioned);
            Assert.AreEqual((int)BootOutcomeKind.Sleep, (int)outcome.Kind);
            Assert.AreEqual(1, outcome.FailedBootsInARow);
            Assert.AreEqual(1, board.Power.Sleeps.Count);
            Assert.AreEqual(1, application.Devices.Count);
            Assert.AreEqual(1, board.Dps.Registrations);
        }

        [TestMethod]
        public void ApplicationDone_EndsTheRunWithoutRegisteringAgain()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            ScriptedApplication application = new ScriptedApplication(new int[] { ScriptedApplication.Done });

            BootOutcome outcome = board.Live(application);

            Assert.IsTrue(outcome.IsProvisioned);
            Assert.AreEqual(1, application.Devices.Count);
            Assert.AreEqual(1, board.Dps.Registrations);
            Assert.AreEqual(0, board.Power.Sleeps.Count);
        }

        /// <summary>An application that, at each hand-over, ends as its script says.</summary>
        private sealed class ScriptedApplication : IApplication
        {
            public const int Done = 0;
            public const int Refused = 1;
            public const int Throws = 2;

            private readonly int[] _script;

            public ScriptedApplication(int[] script)
            {
                _script = script;
                Devices = new ArrayList();
            }

            /// <summary>Where DPS assigns the next registration after a refusal (hub-2), when set.</summary>
            public FakeDps WhenRefusing { get; set; }

            /// <summary>Every device handed over, in order.</summary>
            public ArrayList Devices { get; }

            public bool RunUntilRefused(ProvisionedDevice device)
            {
                Devices.Add(device);
                int step = _script[Devices.Count - 1];
                if (step == Throws)
                {
                    throw new InvalidOperationException("application bug");
                }

                if (step == Refused && WhenRefusing != null)
                {
                    WhenRefusing.Hub = "hub-2.azure-devices.net";
                }

                return step == Refused;
            }
        }
    }
}
