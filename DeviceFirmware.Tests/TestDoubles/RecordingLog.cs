using System.Collections;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>Keeps every log line, so tests can check what was said and that no secret was.</summary>
    public sealed class RecordingLog : ILog
    {
        public RecordingLog()
        {
            Lines = new ArrayList();
        }

        public ArrayList Lines { get; }

        public void Write(LogLevel level, string message)
        {
            Lines.Add(message);
        }

        /// <summary>True when some line contains <paramref name="text"/>.</summary>
        public bool Contains(string text)
        {
            foreach (string line in Lines)
            {
                if (line.IndexOf(text) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
