namespace NanoDps.Firmware
{
    /// <summary>What this firmware build is.</summary>
    public static class FirmwareInfo
    {
        /// <summary>Firmware version, sent in the proof message.</summary>
        public const string Version = "1.0.0";

        /// <summary>
        /// The day this firmware was built: 2026-11-28T00:00:00Z as Unix seconds
        /// (<c>date -u -d 2026-11-28 +%s</c>). Raise it with every release. A clock that reads
        /// earlier has not been set by SNTP, so TLS certificate dates and SAS expiries mean nothing.
        /// </summary>
        public const long BuildDateUnixSeconds = 1795824000;
    }
}
