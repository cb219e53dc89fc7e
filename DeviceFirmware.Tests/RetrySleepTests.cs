using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// Failed boots in a row, counted in flash by the core, grow the retry sleep; a success resets
    /// them. After a power-on or RESET a failed boot stays awake a minute first, and a device.json
    /// deployed in that minute restarts the board at once instead of after its sleep.
    /// </summary>
    [TestClass]
    public class RetrySleepTests
    {
        [TestMethod]
        public void FailedBootsInARow_GrowTheSleep_AndASuccessResetsThem()
        {
            TestBoard board = new TestBoard();
            board.Power.WokeFromRetrySleep = true;
            for (int failed = 1; failed <= 4; failed++)
            {
                BootOutcome outcome = board.Boot();
                int window = RetrySchedule.WindowSeconds(failed);
                Assert.AreEqual(failed, outcome.FailedBootsInARow);
                Assert.IsTrue(outcome.SleepSeconds >= window / 2 && outcome.SleepSeconds <= window, "boot " + failed.ToString() + ": " + outcome.SleepSeconds.ToString() + " s, window " + window.ToString());
            }

            Assert.IsTrue(board.Log.Contains(": retry wake-up, 3 failed before"), board.Log.Text());
            board.Deploy(TestBoard.GroupConfig(string.Empty));
            Assert.IsTrue(board.Boot().IsProvisioned, board.Log.Text());
            Assert.AreEqual(0, new BootCounter(board.Flash).Load().FailedInARow, "a working assignment forgets the failed boots");

            board.Roots.Missing = "gone";
            BootOutcome next = board.Boot();
            Assert.AreEqual(1, next.FailedBootsInARow, "counting starts over");
            Assert.IsTrue(next.SleepSeconds <= RetrySchedule.FirstWindowSeconds);
        }

        [TestMethod]
        public void SuccessfulBoots_WriteTheCounterOncePerBoot()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Boot();
            board.Boot();
            board.Boot();
            Assert.AreEqual(3, board.Flash.WritesStartingWith(BootCounter.FileName), "one counter write per boot, none to forget failures that never were");
            Assert.AreEqual(3L, new BootCounter(board.Flash).Load().Boots);
        }

        [TestMethod]
        public void WakeFromARetrySleep_SleepsAtOnce()
        {
            TestBoard board = new TestBoard();
            board.Power.WokeFromRetrySleep = true;
            board.Boot();
            Assert.AreEqual(0, board.Delay.Waits.Count, "nobody is at the board: no minute awake");
            Assert.AreEqual(1, board.Power.Sleeps.Count);
        }

        [TestMethod]
        public void PowerOn_StaysAwakeAMinute_LookingForANewConfig_ThenSleeps()
        {
            TestBoard board = new TestBoard();

            BootOutcome outcome = board.Boot();

            Assert.AreEqual((int)BootOutcomeKind.Sleep, (int)outcome.Kind);
            int awake = 0;
            foreach (int wait in board.Delay.Waits)
            {
                Assert.IsTrue(wait <= 5000, "looks at flash at least every 5 s");
                awake += wait;
            }

            Assert.AreEqual(60000, awake);
            Assert.AreEqual(1, board.Power.Sleeps.Count);
            Assert.AreEqual(0, board.Power.Restarts);
        }

        [TestMethod]
        public void ConfigDeployedWhileAwake_RestartsAtOnce_InsteadOfSleeping()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.Replace(TestBoard.GroupConfig(string.Empty), "\"lab\"", "\"<your 2.4 GHz Wi-Fi network name>\""));
            BootPorts ports = board.Ports();
            ports.Delay = new DeployingDelay(board.Delay, board.Flash, 3, TestBoard.GroupConfig(string.Empty));
            BootSequence boot = new BootSequence(ports, board.Settings);

            BootOutcome outcome = BootRunner.Run(boot, boot.Start(), ports);

            Assert.AreEqual((int)BootFailure.ConfigInvalid, (int)outcome.Failure);
            Assert.AreEqual((int)BootOutcomeKind.Restart, (int)outcome.Kind, board.Log.Text());
            Assert.AreEqual(1, board.Power.Restarts);
            Assert.AreEqual(0, board.Power.Sleeps.Count, "no retry sleep first");
            Assert.AreEqual(4, board.Delay.Waits.Count, "deployed during wait 3, read the same after wait 4: restart, 20 s into the minute");

            Assert.IsTrue(board.Boot().IsProvisioned, "the restart boots with the new file");
        }

        [TestMethod]
        public void ConfigDeployedInTheLastSeconds_StillRestarts()
        {
            TestBoard board = new TestBoard();
            BootPorts ports = board.Ports();
            ports.Delay = new DeployingDelay(board.Delay, board.Flash, 12, TestBoard.GroupConfig(string.Empty));
            BootSequence boot = new BootSequence(ports, board.Settings);

            BootOutcome outcome = BootRunner.Run(boot, boot.Start(), ports);

            Assert.AreEqual((int)BootOutcomeKind.Restart, (int)outcome.Kind, board.Log.Text());
            Assert.AreEqual(12, board.Delay.Waits.Count);
        }

        [TestMethod]
        public void AnUnchangedConfig_IsNoReasonToRestart()
        {
            TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            board.Network.Then(new NetworkJoinResult(NetworkJoinKind.WrongPassword, null));
            BootOutcome outcome = board.Boot();
            Assert.AreEqual((int)BootOutcomeKind.Sleep, (int)outcome.Kind, "device.json was rewritten by the boot itself, not deployed: " + board.Log.Text());
            Assert.AreEqual(0, board.Power.Restarts);
        }
    }
}
