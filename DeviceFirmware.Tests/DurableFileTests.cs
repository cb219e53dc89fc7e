using System;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class DurableFileTests
    {
        private static DurableFile File(MemoryFlash flash)
        {
            return new DurableFile(flash, "settings.txt", new EndsWithDot());
        }

        [TestMethod]
        public void Save_ThenLoad_GivesTheTextAndLeavesNoTempFile()
        {
            MemoryFlash flash = new MemoryFlash();
            Assert.IsNull(File(flash).Load());
            File(flash).Save("one.");
            Assert.AreEqual("one.", File(flash).Load());
            Assert.IsNull(flash.Peek("settings.txt.tmp"));
        }

        [TestMethod]
        public void PowerCutAtEveryStep_LeavesTheOldOrTheNewText()
        {
            for (int cut = 0; cut < 8; cut++)
            {
                MemoryFlash flash = new MemoryFlash();
                File(flash).Save("old.");
                flash.CutPowerAfter = cut;
                bool completed = true;
                try
                {
                    File(flash).Save("new text.");
                }
                catch (Exception)
                {
                    completed = false;
                }

                flash.CutPowerAfter = -1;
                string after = File(flash).Load();
                Assert.IsTrue(after == "old." || after == "new text.", "cut after " + cut.ToString() + ": " + after);
                if (completed)
                {
                    Assert.AreEqual("new text.", after);
                }

                Assert.AreEqual(after, File(flash).Load(), "and it stays so");
                Assert.IsNull(flash.Peek("settings.txt.tmp"), "cut after " + cut.ToString() + ": the leftover is cleaned up by the load");
            }
        }

        [TestMethod]
        public void AWholeTempFile_StandsInForAMissingFile_AndIsRenamedIntoPlace()
        {
            MemoryFlash flash = new MemoryFlash();
            flash.Put("settings.txt.tmp", "new.");
            Assert.AreEqual("new.", File(flash).Load());
            Assert.AreEqual("new.", flash.Peek("settings.txt"));
            Assert.IsNull(flash.Peek("settings.txt.tmp"));
        }

        [TestMethod]
        public void ATornTempFile_IsNotUsed()
        {
            MemoryFlash flash = new MemoryFlash();
            flash.Put("settings.txt.tmp", "new te");
            Assert.IsNull(File(flash).Load());
            Assert.AreEqual("new te", flash.Peek("settings.txt.tmp"), "left for the next save to delete");
        }

        [TestMethod]
        public void TheFileItself_WinsOverATempFile_EvenWhenItIsNotWhole()
        {
            // What a user deployed decides; the reader reports what is wrong with it.
            MemoryFlash flash = new MemoryFlash();
            flash.Put("settings.txt", "garbage");
            flash.Put("settings.txt.tmp", "old.");
            Assert.AreEqual("garbage", File(flash).Load());
            Assert.IsNull(flash.Peek("settings.txt.tmp"));
        }

        [TestMethod]
        public void AReadBackThatDiffers_StopsTheSave_BeforeTheFileIsTouched()
        {
            MemoryFlash flash = new MemoryFlash();
            File(flash).Save("old.");
            ForgetfulFlash forgetful = new ForgetfulFlash(flash);
            Assert.ThrowsException(typeof(Exception), () => new DurableFile(forgetful, "settings.txt", new EndsWithDot()).Save("new."));
            Assert.AreEqual("old.", flash.Peek("settings.txt"));
        }

        private sealed class EndsWithDot : IFileFormat
        {
            public bool IsWhole(string text)
            {
                return text.EndsWith(".");
            }
        }

        /// <summary>Flash whose writes lose their last character.</summary>
        private sealed class ForgetfulFlash : IFlashStore
        {
            private readonly MemoryFlash _flash;

            public ForgetfulFlash(MemoryFlash flash)
            {
                _flash = flash;
            }

            public string ReadText(string name)
            {
                return _flash.ReadText(name);
            }

            public void WriteText(string name, string text)
            {
                _flash.WriteText(name, text.Substring(0, text.Length - 1));
            }

            public void Rename(string from, string to)
            {
                _flash.Rename(from, to);
            }

            public void Delete(string name)
            {
                _flash.Delete(name);
            }
        }
    }
}
