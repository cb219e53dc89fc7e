using System;

namespace NanoDps.Provisioning
{
    /// <summary>
    /// One small file in flash that a power cut at any moment leaves either as it was or as it was
    /// meant to be, never half-written and never gone. Save: delete a leftover temp file, write the
    /// temp file, read it back (it must equal what was written), delete the file, rename the temp
    /// file. Load: the file when it exists (a leftover temp file beside it is deleted); otherwise a
    /// whole temp file, which is what a cut between "delete" and "rename" leaves, renamed into place
    /// to finish that save. The record, device.json and the boot counter all go through here.
    /// </summary>
    public sealed class DurableFile
    {
        private readonly IFlashStore _flash;
        private readonly IFileFormat _format;

        /// <summary>The file <paramref name="name"/> on <paramref name="flash"/>, whose whole files <paramref name="format"/> recognises.</summary>
        public DurableFile(IFlashStore flash, string name, IFileFormat format)
        {
            _flash = flash;
            _format = format;
            Name = name;
            TempName = name + ".tmp";
        }

        /// <summary>The file's name.</summary>
        public string Name { get; }

        /// <summary>The name it is written under before the rename: the name plus ".tmp".</summary>
        public string TempName { get; }

        /// <summary>
        /// The file's text, or null when there is none. The file itself wins whenever it exists,
        /// whole or not (the caller reports what is wrong with it); the temp file only stands in
        /// for a file that is missing.
        /// </summary>
        public string Load()
        {
            string text = _flash.ReadText(Name);
            string temp = _flash.ReadText(TempName);
            if (text != null)
            {
                if (temp != null)
                {
                    _flash.Delete(TempName);
                }

                return text;
            }

            if (temp == null || !_format.IsWhole(temp))
            {
                return null;
            }

            _flash.Rename(TempName, Name);
            return temp;
        }

        /// <summary>Replaces the file with <paramref name="text"/>; throws when flash does not give back what was written.</summary>
        public void Save(string text)
        {
            _flash.Delete(TempName);
            _flash.WriteText(TempName, text);
            if (_flash.ReadText(TempName) != text)
            {
                throw new Exception(TempName + " read back from flash differs from what was written");
            }

            _flash.Delete(Name);
            _flash.Rename(TempName, Name);
        }

        /// <summary>Removes the file and any half-written one.</summary>
        public void Delete()
        {
            _flash.Delete(TempName);
            _flash.Delete(Name);
        }
    }
}
