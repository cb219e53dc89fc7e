using System;

namespace NanoDps.Provisioning
{
    /// <summary>
    /// String to bytes for the core's own strings. Registration ids, scopes and host names are
    /// ASCII by validation, so this is all the encoding the core needs (mscorlib has no Encoding).
    /// </summary>
    public static class Ascii
    {
        /// <summary>The ASCII bytes of <paramref name="text"/>; throws for a character above 0x7F.</summary>
        public static byte[] GetBytes(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c > (char)0x7F)
                {
                    throw new ArgumentException("text is not ASCII at index " + i.ToString());
                }

                bytes[i] = (byte)c;
            }

            return bytes;
        }

        /// <summary>True when every character is printable ASCII (0x21-0x7E): no space, no control.</summary>
        public static bool IsPrintableWithoutSpace(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < (char)0x21 || text[i] > (char)0x7E)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True for 'a'-'z' and '0'-'9'.</summary>
        public static bool IsLowerAlphanumeric(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        }

        /// <summary>True for 'A'-'Z', 'a'-'z' and '0'-'9'.</summary>
        public static bool IsAlphanumeric(char c)
        {
            return IsLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');
        }
    }
}
