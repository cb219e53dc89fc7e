using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// The power goes at every flash operation of a boot in turn (reads included; a write caught in
    /// the cut is left half-written): device.json, the record and the boot counter are each left
    /// as they were or as they were meant to be, and the next boot provisions from there.
    /// </summary>
    [TestClass]
    public class BootPowerCutTests
    {
        private static int OperationsOfAWholeBoot(TestBoard board)
        {
            int before = board.Flash.Operations;
            board.Boot();
            return board.Flash.Operations - before;
        }

        [TestMethod]
        public void CutAtEveryFlashOperationOfAFirstBoot_LeavesAConfigThatStillProvisions()
        {
            int operations = OperationsOfAWholeBoot(new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty)));
            Assert.IsTrue(operations > 15, operations.ToString() + " flash operations");

            for (int cut = 0; cut < operations; cut++)
            {
                TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
                board.Flash.CutPowerAfter = cut;
                board.Boot();
                board.Flash.CutPowerAfter = -1;
                string where = "power cut after " + cut.ToString() + " of " + operations.ToString() + " flash operations; files: " + board.Flash.Names();

                // device.json: the deployed one (group key) or the rewritten one (derived key), whole, or a whole temp file standing in for it.
                string text = new DurableFile(board.Flash, DeviceConfigFile.FileName, new ParsesAsConfig()).Load();
                if (text == null)
                {
                    text = board.Flash.Peek(DeviceConfigFile.FileName + ".tmp");
                }

                DeviceConfig config = new JsonConfigParser().Parse(text).Config;
                Assert.IsNotNull(config, where + "\n" + text);
                bool old = config.GroupKey == CryptoVectors.DocsGroupKey && string.IsNullOrEmpty(config.DeviceKey);
                bool rewritten = string.IsNullOrEmpty(config.GroupKey) && config.DeviceKey == CryptoVectors.MacDerivedKey;
                Assert.IsTrue(old || rewritten, where + "\n" + text);

                BootOutcome next = board.Boot();
                Assert.IsTrue(next.IsProvisioned, where + "\n" + board.Log.Text());
                Assert.AreEqual(CryptoVectors.MacDerivedKey, next.Device.DeviceKey, where);
                Assert.AreEqual(CryptoVectors.MacDerivedKey, new JsonConfigParser().Parse(board.DeployedConfig()).Config.DeviceKey, where);
                Assert.IsNotNull(new RecordStore(board.Flash).Load(), where);
            }
        }

        [TestMethod]
        public void CutAtEveryFlashOperationOfALaterBoot_KeepsTheRecord()
        {
            TestBoard template = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
            template.Boot();
            int operations = OperationsOfAWholeBoot(template);

            for (int cut = 0; cut < operations; cut++)
            {
                TestBoard board = new TestBoard().Deploy(TestBoard.GroupConfig(string.Empty));
                board.Boot();
                int registrations = board.Dps.Registrations;
                board.Flash.CutPowerAfter = cut;
                board.Boot();
                board.Flash.CutPowerAfter = -1;

                BootOutcome next = board.Boot();
                Assert.IsTrue(next.IsProvisioned, "cut after " + cut.ToString() + "\n" + board.Log.Text());
                Assert.AreEqual(registrations, board.Dps.Registrations, "cut after " + cut.ToString() + ": the record survived, no new registration");
            }
        }

        [TestMethod]
        public void CutAtEveryFlashOperationOfAFailedBoot_LeavesTheOldOrTheNewCount()
        {
            TestBoard template = new TestBoard();
            template.Power.WokeFromRetrySleep = true;
            int operations = OperationsOfAWholeBoot(template);

            for (int cut = 0; cut < operations; cut++)
            {
                TestBoard board = new TestBoard();
                board.Power.WokeFromRetrySleep = true;
                board.Flash.Put(BootCounter.FileName, "boots=5\nfailedInARow=2\n");
                board.Flash.CutPowerAfter = cut;
                board.Boot();
                board.Flash.CutPowerAfter = -1;

                BootCounter counter = new BootCounter(board.Flash).Load();
                string where = "cut after " + cut.ToString() + ": boots " + counter.Boots.ToString() + ", failed " + counter.FailedInARow.ToString();
                Assert.IsTrue(counter.Boots == 5 || counter.Boots == 6, where);
                Assert.IsTrue(counter.FailedInARow == 2 || counter.FailedInARow == 3, where);
            }
        }

        private sealed class ParsesAsConfig : IFileFormat
        {
            public bool IsWhole(string text)
            {
                return new JsonConfigParser().Parse(text).Config != null;
            }
        }
    }
}
