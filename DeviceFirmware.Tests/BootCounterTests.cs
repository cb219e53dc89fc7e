using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class BootCounterTests
    {
        [TestMethod]
        public void Counts_BootsAndFailuresInARow_AcrossInstances()
        {
            MemoryFlash flash = new MemoryFlash();
            BootCounter counter = new BootCounter(flash).Load();
            Assert.AreEqual(0L, counter.Boots);
            counter.CountThisBoot();
            Assert.AreEqual(1, counter.CountFailure());

            BootCounter next = new BootCounter(flash).Load();
            Assert.AreEqual(1L, next.Boots);
            Assert.AreEqual(1, next.FailedInARow);
            next.CountThisBoot();
            Assert.AreEqual(2, next.CountFailure());
            Assert.AreEqual("boots=2\nfailedInARow=2\n", flash.Peek(BootCounter.FileName));

            next.Succeeded();
            Assert.AreEqual(0, new BootCounter(flash).Load().FailedInARow);
            Assert.AreEqual(2L, new BootCounter(flash).Load().Boots);
        }

        [TestMethod]
        public void Succeeded_WritesOnlyWhenThereWereFailures()
        {
            MemoryFlash flash = new MemoryFlash();
            BootCounter counter = new BootCounter(flash).Load();
            counter.CountThisBoot();
            counter.Succeeded();
            Assert.AreEqual(1, flash.WritesOf(BootCounter.FileName + ".tmp"));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("boots=5\n")]
        [DataRow("boots=5\nfailedInARow=")]
        [DataRow("boots=5\nfailedInARow=x\n")]
        [DataRow("boots=-5\nfailedInARow=1\n")]
        [DataRow("garbage")]
        public void AnUnreadableCounter_CountsFromZero(string text)
        {
            MemoryFlash flash = new MemoryFlash();
            flash.Put(BootCounter.FileName, text);
            BootCounter counter = new BootCounter(flash).Load();
            Assert.AreEqual(0L, counter.Boots);
            Assert.AreEqual(0, counter.FailedInARow);
        }
    }
}
