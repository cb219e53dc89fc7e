namespace NanoDps.Provisioning
{
    /// <summary>
    /// Small text files in persistent storage (LittleFS on the board, a folder on a PC).
    /// Names are plain file names without a folder. Atomic replacement is built on top of
    /// these primitives by <see cref="DurableFile"/> (the record, device.json and the boot
    /// counter all go through it), so an adapter only has to be honest.
    /// </summary>
    public interface IFlashStore
    {
        /// <summary>The whole file as text, or null when it does not exist.</summary>
        string ReadText(string name);

        /// <summary>Creates or overwrites the file and flushes it to storage before returning.</summary>
        void WriteText(string name, string text);

        /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>; <paramref name="to"/> must not exist.</summary>
        void Rename(string from, string to);

        /// <summary>Deletes the file; does nothing when it does not exist.</summary>
        void Delete(string name);
    }
}
