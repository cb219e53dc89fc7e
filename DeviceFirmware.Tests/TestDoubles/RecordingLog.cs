using System.Collections;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>Keeps every log line (and every secret registered for masking), so tests can check what was said and that no secret was.</summary>
    public sealed class RecordingLog : ILog, ISecretRedactor
    {
        public RecordingLog()
        {
            Lines = new ArrayList();
            Redacted = new ArrayList();
        }

        public ArrayList Lines { get; }

        /// <summary>Every value registered with <see cref="Redact"/>.</summary>
        public ArrayList Redacted { get; }

        public void Write(LogLevel level, string message)
        {
            Lines.Add(message);
        }

        public void Redact(string secret)
        {
            Redacted.Add(secret);
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

        /// <summary>Every line, one per row, for a failure message.</summary>
        public string Text()
        {
            string text = string.Empty;
            foreach (string line in Lines)
            {
                text += line + "\n";
            }

            return text;
        }
    }
}
