using System;

namespace NanoDps.Provisioning
{
    /// <summary>
    /// Keeps the <see cref="ProvisioningRecord"/> in flash so that a power cut at any moment leaves
    /// either the old record or the new one. Save: write the temp file, read it back, delete the
    /// record, rename the temp file. Load: the record if it is whole; otherwise a whole temp file
    /// (the cut fell between delete and rename); otherwise none.
    /// </summary>
    public sealed class RecordStore
    {
        /// <summary>File name of the record.</summary>
        public const string RecordName = "nanodps.rec";

        /// <summary>File name of the record being written.</summary>
        public const string TempName = "nanodps.rec.tmp";

        private readonly IFlashStore _flash;

        /// <summary>Creates a store over <paramref name="flash"/>.</summary>
        public RecordStore(IFlashStore flash)
        {
            _flash = flash;
        }

        /// <summary>The stored record, or null when there is none or it is not whole.</summary>
        public ProvisioningRecord Load()
        {
            ProvisioningRecord record = ProvisioningRecord.Parse(_flash.ReadText(RecordName));
            return record ?? ProvisioningRecord.Parse(_flash.ReadText(TempName));
        }

        /// <summary>Replaces the stored record with <paramref name="record"/>.</summary>
        public void Save(ProvisioningRecord record)
        {
            string text = record.ToText();
            _flash.Delete(TempName);
            _flash.WriteText(TempName, text);
            if (_flash.ReadText(TempName) != text)
            {
                throw new Exception("the record read back from flash differs from what was written");
            }

            _flash.Delete(RecordName);
            _flash.Rename(TempName, RecordName);
        }

        /// <summary>Removes the record (and any half-written one), so the next boot provisions again.</summary>
        public void Forget()
        {
            _flash.Delete(TempName);
            _flash.Delete(RecordName);
        }
    }
}
