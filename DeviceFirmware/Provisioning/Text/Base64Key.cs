using System;

namespace NanoDps.Provisioning
{
    /// <summary>Checks and decodes the base64 symmetric keys DPS hands out.</summary>
    public static class Base64Key
    {
        /// <summary>Shortest key DPS accepts, in bytes.</summary>
        public const int MinBytes = 16;

        /// <summary>Longest key DPS accepts, in bytes (the keys DPS generates are this long).</summary>
        public const int MaxBytes = 64;

        /// <summary>
        /// Null when <paramref name="text"/> is standard base64 (with padding) of 16 to 64 bytes,
        /// otherwise what is wrong. The message never repeats the key.
        /// </summary>
        public static string Check(string text)
        {
            if (text == null || text.Length == 0)
            {
                return "is empty";
            }

            if (text.Length % 4 != 0)
            {
                return "is not base64: its length (" + text.Length.ToString() + ") is not a multiple of 4";
            }

            int padding = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool isBase64 = Ascii.IsAlphanumeric(c) || c == '+' || c == '/';
                if (c == '=' && i >= text.Length - 2)
                {
                    padding++;
                }
                else if (!isBase64 || padding > 0)
                {
                    return "is not base64: character " + (i + 1).ToString() + " is not allowed";
                }
            }

            int bytes = (text.Length / 4 * 3) - padding;
            if (bytes < MinBytes || bytes > MaxBytes)
            {
                return "decodes to " + bytes.ToString() + " bytes; a DPS key has 16 to 64 bytes";
            }

            return null;
        }

        /// <summary>Decodes a key that passed <see cref="Check"/>; throws ArgumentException otherwise.</summary>
        public static byte[] Decode(string text)
        {
            string problem = Check(text);
            if (problem != null)
            {
                throw new ArgumentException("key " + problem);
            }

            return Convert.FromBase64String(text);
        }
    }
}
