namespace NanoDps.Provisioning
{
    /// <summary>Everything a <see cref="BootSequence"/> reaches the platform through, one adapter per port.</summary>
    public sealed class BootPorts
    {
        /// <summary>Small files: device.json, the record, the boot counter.</summary>
        public IFlashStore Flash { get; set; }

        /// <summary>The platform's JSON library reading device.json.</summary>
        public IConfigParser ConfigParser { get; set; }

        /// <summary>Wi-Fi (or the PC's network) and the station MAC.</summary>
        public INetworkLink Network { get; set; }

        /// <summary>Getting the real time onto the clock.</summary>
        public IClockSync ClockSync { get; set; }

        /// <summary>The TLS roots.</summary>
        public IRootCertificates Roots { get; set; }

        /// <summary>HTTPS to DPS and the hub.</summary>
        public IHttpExchange Http { get; set; }

        /// <summary>HMAC-SHA256.</summary>
        public IHmac Hmac { get; set; }

        /// <summary>Wall clock.</summary>
        public IClock Clock { get; set; }

        /// <summary>Waits.</summary>
        public IDelay Delay { get; set; }

        /// <summary>Jitter.</summary>
        public IRandom Random { get; set; }

        /// <summary>The serial console.</summary>
        public ILog Log { get; set; }

        /// <summary>Masks secrets in the log; null when the log has no such defence.</summary>
        public ISecretRedactor Redactor { get; set; }

        /// <summary>Wake cause, deep sleep and restart.</summary>
        public IPowerControl Power { get; set; }
    }
}
