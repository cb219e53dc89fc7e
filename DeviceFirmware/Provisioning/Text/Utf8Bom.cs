namespace NanoDps.Provisioning
{
    /// <summary>
    /// The UTF-8 byte order mark that editors on Windows may put before a saved device.json. JSON
    /// has none, so a flash adapter decodes a file from <see cref="TextStart"/> on.
    /// </summary>
    public static class Utf8Bom
    {
        /// <summary>Where the text of a file's <paramref name="bytes"/> starts: 3 after a UTF-8 byte order mark, otherwise 0.</summary>
        public static int TextStart(byte[] bytes)
        {
            return bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        }
    }
}
