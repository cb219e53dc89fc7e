using System;
using System.Collections;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary>
    /// <see cref="ILog"/> on the serial console: one line per step, stamped with the time since
    /// boot. It writes with <c>Console.WriteLine</c> because <c>Debug.WriteLine</c> is
    /// <c>[Conditional("DEBUG")]</c> in nanoFramework's mscorlib and disappears from Release builds.
    /// The core never hands it a secret; as a last line of defence every value registered with
    /// <see cref="Redact"/> (Wi-Fi password, keys) is replaced wherever it appears in a line.
    /// </summary>
    public sealed class SerialLog : ILog, ISecretRedactor
    {
        private const string Mask = "<redacted>";
        private readonly ArrayList _secrets = new ArrayList();

        /// <inheritdoc/>
        public void Redact(string secret)
        {
            if (secret != null && secret.Length >= 4)
            {
                _secrets.Add(secret);
            }
        }

        /// <inheritdoc/>
        public void Write(LogLevel level, string message)
        {
            Console.WriteLine(Uptime() + " " + LevelName(level) + " " + Scrub(message));
        }

        /// <summary>Logs the free heap (managed and native) at <paramref name="step"/>.</summary>
        public void Heap(string step)
        {
            Write(LogLevel.Info, "heap " + step + ": " + HeapInfo.Collect(false));
        }

        private string Scrub(string message)
        {
            string text = message ?? string.Empty;
            foreach (string secret in _secrets)
            {
                int at;
                while ((at = text.IndexOf(secret)) >= 0)
                {
                    text = text.Substring(0, at) + Mask + text.Substring(at + secret.Length);
                }
            }

            return text;
        }

        private static string Uptime()
        {
            long ms = Environment.TickCount64;
            string seconds = (ms / 1000).ToString();
            string millis = (ms % 1000).ToString();
            return "[" + seconds.PadLeft(6, ' ') + "." + millis.PadLeft(3, '0') + "]";
        }

        private static string LevelName(LogLevel level)
        {
            switch (level)
            {
                case LogLevel.Warning:
                    return "WARN ";
                case LogLevel.Error:
                    return "ERROR";
                default:
                    return "INFO ";
            }
        }
    }
}
