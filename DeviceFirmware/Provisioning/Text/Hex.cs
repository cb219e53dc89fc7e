namespace NanoDps.Provisioning
{
    /// <summary>Lowercase hexadecimal text.</summary>
    public static class Hex
    {
        private const string Digits = "0123456789abcdef";

        /// <summary>Two lowercase hex digits per byte, no separators.</summary>
        public static string ToLower(byte[] bytes, int count)
        {
            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = Digits[bytes[i] & 0x0F];
            }

            return new string(chars);
        }
    }
}
