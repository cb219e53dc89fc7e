namespace NanoDps.Provisioning
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, the one zlib and Python's zlib.crc32 compute), bitwise so that it
    /// needs no 1 KB table on the device. It detects torn or truncated records, not tampering.
    /// </summary>
    public static class Crc32
    {
        /// <summary>CRC-32 of the low byte of each character of <paramref name="text"/>.</summary>
        public static uint OfAscii(string text, int length)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = 0; i < length; i++)
            {
                crc ^= (byte)text[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return ~crc;
        }

        /// <summary>The CRC as 8 lowercase hex digits.</summary>
        public static string ToHex(uint crc)
        {
            byte[] bytes = new byte[] { (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc };
            return Hex.ToLower(bytes, 4);
        }
    }
}
