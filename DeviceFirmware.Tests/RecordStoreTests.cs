using System;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class RecordStoreTests
    {
        [TestMethod]
        public void Save_ThenLoad_GivesTheRecordAndLeavesNoTempFile()
        {
            MemoryFlash flash = new MemoryFlash();
            RecordStore store = new RecordStore(flash);
            Assert.IsNull(store.Load());
            store.Save(ProvisioningRecordTests.Sample());
            Assert.AreEqual("dev-1", store.Load().DeviceId);
            Assert.IsNull(flash.ReadText(RecordStore.TempName));
        }

        [TestMethod]
        public void Save_ReplacesAnOlderRecord()
        {
            RecordStore store = new RecordStore(new MemoryFlash());
            store.Save(ProvisioningRecordTests.Sample());
            store.Save(Other());
            Assert.AreEqual("dev-2", store.Load().DeviceId);
        }

        [TestMethod]
        public void PowerCutAtEveryStep_LeavesTheOldOrTheNewRecord()
        {
            for (int cutAfter = 0; cutAfter < 12; cutAfter++)
            {
                MemoryFlash flash = new MemoryFlash();
                RecordStore store = new RecordStore(flash);
                store.Save(ProvisioningRecordTests.Sample());
                flash.CutPowerAfter = cutAfter;
                bool cut = false;
                try
                {
                    store.Save(Other());
                }
                catch (Exception)
                {
                    cut = true;
                }

                flash.CutPowerAfter = -1;
                ProvisioningRecord after = new RecordStore(flash).Load();
                Assert.IsNotNull(after, "cut after " + cutAfter.ToString() + " operations left no record");
                Assert.IsTrue(after.DeviceId == "dev-1" || after.DeviceId == "dev-2", "cut after " + cutAfter.ToString());
                if (!cut)
                {
                    Assert.AreEqual("dev-2", after.DeviceId, "a save that completed must be seen");
                }

                store.Save(Other());
                Assert.AreEqual("dev-2", new RecordStore(flash).Load().DeviceId, "the next save after a cut works");
            }
        }

        [TestMethod]
        public void TornTempFile_IsIgnored()
        {
            MemoryFlash flash = new MemoryFlash();
            flash.Put(RecordStore.TempName, Other().ToText().Substring(0, 40));
            Assert.IsNull(new RecordStore(flash).Load());
            flash.Put(RecordStore.RecordName, ProvisioningRecordTests.Sample().ToText());
            Assert.AreEqual("dev-1", new RecordStore(flash).Load().DeviceId);
        }

        [TestMethod]
        public void CorruptRecord_ReadsAsNone()
        {
            MemoryFlash flash = new MemoryFlash();
            flash.Put(RecordStore.RecordName, "garbage\n");
            Assert.IsNull(new RecordStore(flash).Load());
        }

        [TestMethod]
        public void Forget_RemovesTheRecord()
        {
            MemoryFlash flash = new MemoryFlash();
            RecordStore store = new RecordStore(flash);
            store.Save(ProvisioningRecordTests.Sample());
            store.Forget();
            Assert.IsNull(store.Load());
        }

        private static ProvisioningRecord Other()
        {
            return new ProvisioningRecord("hub-2.azure-devices.net", "dev-2", CryptoVectors.MacRegistrationId, CryptoVectors.IdScope, "global.azure-devices-provisioning.net", 1800000999, CryptoVectors.Fingerprint);
        }
    }
}
