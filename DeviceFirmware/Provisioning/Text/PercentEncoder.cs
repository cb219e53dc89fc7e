namespace NanoDps.Provisioning
{
    /// <summary>
    /// Percent-encoding for SAS tokens. The DPS service verifies the signature over the "sr" value
    /// exactly as sent, so the bytes must not depend on a platform's HttpUtility (nanoFramework's
    /// and .NET's differ in hex case). The rule, fixed here: the RFC 3986 unreserved characters
    /// A-Z a-z 0-9 - . _ ~ stay as they are; every other byte becomes '%' and two UPPERCASE hex
    /// digits (so '/' is "%2F", '+' is "%2B", '=' is "%3D", ' ' is "%20", never '+').
    /// Input is ASCII (the core validates ids, scopes and hosts; base64 is ASCII).
    /// </summary>
    public static class PercentEncoder
    {
        private const string UpperHex = "0123456789ABCDEF";

        /// <summary>Encodes <paramref name="text"/> by the rule above.</summary>
        public static string Encode(string text)
        {
            int length = 0;
            for (int i = 0; i < text.Length; i++)
            {
                length += IsUnreserved(text[i]) ? 1 : 3;
            }

            if (length == text.Length)
            {
                return text;
            }

            char[] chars = new char[length];
            int at = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (IsUnreserved(c))
                {
                    chars[at++] = c;
                }
                else
                {
                    int b = c & 0xFF;
                    chars[at++] = '%';
                    chars[at++] = UpperHex[b >> 4];
                    chars[at++] = UpperHex[b & 0x0F];
                }
            }

            return new string(chars);
        }

        private static bool IsUnreserved(char c)
        {
            return Ascii.IsAlphanumeric(c) || c == '-' || c == '.' || c == '_' || c == '~';
        }
    }
}
