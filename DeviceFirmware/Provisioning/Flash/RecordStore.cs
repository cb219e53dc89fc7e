namespace NanoDps.Provisioning
{
    /// <summary>
    /// Keeps the <see cref="ProvisioningRecord"/> in flash as a <see cref="DurableFile"/>, so that a
    /// power cut at any moment leaves either the old record or the new one. A file that is not a
    /// whole version-1 record (torn, truncated, foreign) reads as no record.
    /// </summary>
    public sealed class RecordStore
    {
        /// <summary>File name of the record.</summary>
        public const string RecordName = ProvisioningRecord.FileName;

        /// <summary>File name of the record being written.</summary>
        public const string TempName = RecordName + ".tmp";

        private readonly DurableFile _file;

        /// <summary>Creates a store over <paramref name="flash"/>.</summary>
        public RecordStore(IFlashStore flash)
        {
            _file = new DurableFile(flash, RecordName, new RecordFormat());
        }

        /// <summary>The stored record, or null when there is none or it is not whole.</summary>
        public ProvisioningRecord Load()
        {
            return ProvisioningRecord.Parse(_file.Load());
        }

        /// <summary>Replaces the stored record with <paramref name="record"/>.</summary>
        public void Save(ProvisioningRecord record)
        {
            _file.Save(record.ToText());
        }

        /// <summary>Removes the record (and any half-written one), so the next boot provisions again.</summary>
        public void Forget()
        {
            _file.Delete();
        }

        private sealed class RecordFormat : IFileFormat
        {
            public bool IsWhole(string text)
            {
                return ProvisioningRecord.Parse(text) != null;
            }
        }
    }
}
