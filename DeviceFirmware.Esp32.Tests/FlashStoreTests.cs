using System;
using System.IO;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace NanoDps.Esp32.Tests
{
    /// <summary>
    /// <see cref="FlashStore"/> on the real LittleFS drive, and the core's temp-then-rename record
    /// storage on top of it. Everything happens in I:\nanodps-test\ so the board's own record
    /// and configuration are never touched. Skipped where there is no I:\ drive.
    /// </summary>
    [TestClass]
    public class FlashStoreTests
    {
        private const string FolderPath = FlashStore.InternalDrive + "nanodps-test";
        private const string Folder = FolderPath + "\\";

        [TestMethod]
        public void WrittenTextReadsBackTheSame()
        {
            FlashStore store = Store();
            string text = "{\"wifiSsid\":\"caf\u00e9\"}\n";

            store.WriteText("roundtrip.txt", text);

            Assert.AreEqual(text, store.ReadText("roundtrip.txt"));
        }

        [TestMethod]
        public void MissingFileReadsAsNull()
        {
            Assert.IsNull(Store().ReadText("never-written.txt"));
        }

        [TestMethod]
        public void WritingReplacesTheWholeFile()
        {
            FlashStore store = Store();
            store.WriteText("replace.txt", "a much longer first version");

            store.WriteText("replace.txt", "short");

            Assert.AreEqual("short", store.ReadText("replace.txt"));
        }

        [TestMethod]
        public void DeletingAMissingFileDoesNothing()
        {
            FlashStore store = Store();

            store.Delete("never-written.txt");

            Assert.IsNull(store.ReadText("never-written.txt"));
        }

        [TestMethod]
        public void RenameMovesTheFile()
        {
            FlashStore store = Store();
            store.WriteText("from.txt", "moved");

            store.Rename("from.txt", "to.txt");

            Assert.IsNull(store.ReadText("from.txt"));
            Assert.AreEqual("moved", store.ReadText("to.txt"));
        }

        [TestMethod]
        public void RenameOntoAnExistingFileFails()
        {
            FlashStore store = Store();
            store.WriteText("source.txt", "new");
            store.WriteText("target.txt", "old");

            Assert.ThrowsException(typeof(IOException), () => store.Rename("source.txt", "target.txt"));
            Assert.AreEqual("old", store.ReadText("target.txt"));
        }

        [TestMethod]
        public void ByteOrderMarkIsDropped()
        {
            FlashStore store = Store();
            File.WriteAllBytes(Folder + "bom.json", new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' });

            Assert.AreEqual("{}", store.ReadText("bom.json"));
        }

        [TestMethod]
        public void RecordSurvivesSaveAndLoad()
        {
            RecordStore records = new RecordStore(Store());
            records.Forget();

            records.Save(Record("hub-a.azure-devices.net"));

            Assert.AreEqual("hub-a.azure-devices.net", records.Load().AssignedHub);
        }

        [TestMethod]
        public void SavingReplacesTheRecordAndLeavesNoTempFile()
        {
            FlashStore store = Store();
            RecordStore records = new RecordStore(store);
            records.Save(Record("hub-a.azure-devices.net"));

            records.Save(Record("hub-b.azure-devices.net"));

            Assert.AreEqual("hub-b.azure-devices.net", records.Load().AssignedHub);
            Assert.IsNull(store.ReadText(RecordStore.TempName));
        }

        [TestMethod]
        public void PowerCutBetweenDeleteAndRenameKeepsTheNewRecord()
        {
            FlashStore store = Store();
            RecordStore records = new RecordStore(store);
            records.Save(Record("hub-a.azure-devices.net"));

            // What Save leaves behind when power fails after deleting the record, before the rename.
            store.WriteText(RecordStore.TempName, Record("hub-b.azure-devices.net").ToText());
            store.Delete(RecordStore.RecordName);

            Assert.AreEqual("hub-b.azure-devices.net", records.Load().AssignedHub);
        }

        [TestMethod]
        public void TornRecordReadsAsNone()
        {
            FlashStore store = Store();
            RecordStore records = new RecordStore(store);
            records.Forget();
            string text = Record("hub-a.azure-devices.net").ToText();

            store.WriteText(RecordStore.RecordName, text.Substring(0, text.Length / 2));

            Assert.IsNull(records.Load());
        }

        [Cleanup]
        public void RemoveTestFolder()
        {
            try
            {
                if (Directory.Exists(FolderPath))
                {
                    Directory.Delete(FolderPath, true);
                }
            }
            catch (Exception)
            {
                // No file system on this target: nothing was written.
            }
        }

        private static FlashStore Store()
        {
            Board.RequireInternalFlash();
            if (!Directory.Exists(FolderPath))
            {
                Directory.CreateDirectory(FolderPath);
            }

            return new FlashStore(Folder);
        }

        private static ProvisioningRecord Record(string hub)
        {
            return new ProvisioningRecord(hub, "nanodps-a0b1c2d3e4f5", "nanodps-a0b1c2d3e4f5", "0ne00ABCDEF", DeviceConfig.DefaultEndpoint, 1795824000, "0123456789abcdef0123456789abcdef");
        }
    }
}
