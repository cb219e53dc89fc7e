namespace NanoDps.Firmware
{
    /// <summary>What this firmware build is, and the files it expects on the board's I:\ drive.</summary>
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

        /// <summary>The configuration, deployed by <c>nanoff --filedeployment config/deploy.json</c>.</summary>
        public const string ConfigFile = "device.json";

        /// <summary>
        /// The TLS roots DPS and IoT Hub chain to, as Microsoft asks devices to trust them:
        /// DigiCert Global Root G2 and Microsoft RSA Root Certificate Authority 2017 (PEM).
        /// </summary>
        public static readonly string[] RootCertificateFiles = new string[]
        {
            "digicert-global-root-g2.pem",
            "microsoft-rsa-root-2017.pem",
        };
    }
}
