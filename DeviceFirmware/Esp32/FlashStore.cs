using System.IO;
using System.Text;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary>
    /// <see cref="IFlashStore"/> on the board's internal LittleFS drive I:\ (System.IO.FileSystem).
    /// Writes go through a FileStream that is flushed and closed before returning (LittleFS
    /// commits a file on sync/close). <c>File.Move</c> refuses an existing destination and
    /// <c>File.Delete</c> ignores a missing file, as the port requires.
    /// </summary>
    public sealed class FlashStore : IFlashStore
    {
        /// <summary>The internal flash drive of ESP32 targets.</summary>
        public const string InternalDrive = "I:\\";

        private readonly string _root;

        /// <summary>A store on I:\.</summary>
        public FlashStore()
            : this(InternalDrive)
        {
        }

        /// <summary>A store in <paramref name="root"/> (a drive or folder ending with '\').</summary>
        public FlashStore(string root)
        {
            _root = root;
        }

        /// <inheritdoc/>
        public string ReadText(string name)
        {
            string path = _root + name;
            if (!File.Exists(path))
            {
                return null;
            }

            byte[] bytes = File.ReadAllBytes(path);
            int start = Utf8Bom.TextStart(bytes);
            return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
        }

        /// <inheritdoc/>
        public void WriteText(string name, string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            using (FileStream stream = new FileStream(_root + name, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush();
            }
        }

        /// <inheritdoc/>
        public void Rename(string from, string to)
        {
            File.Move(_root + from, _root + to);
        }

        /// <inheritdoc/>
        public void Delete(string name)
        {
            File.Delete(_root + name);
        }
    }
}
