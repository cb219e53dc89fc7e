namespace NanoDps.Provisioning
{
    /// <summary>Everything one provisioning flow needs to know, taken from a validated configuration.</summary>
    public sealed class ProvisioningSettings
    {
        /// <summary>
        /// Default earliest plausible time (2026-11-01T00:00:00Z). A clock before it has not been
        /// set by SNTP yet, so TLS certificates and SAS expiries cannot be trusted. The firmware
        /// passes its own build date.
        /// </summary>
        public const long DefaultMinValidUnixSeconds = 1793491200;

        /// <summary>Creates settings with the default back-off and clock floor.</summary>
        public ProvisioningSettings()
        {
            MinValidUnixSeconds = DefaultMinValidUnixSeconds;
            Backoff = new Backoff();
        }

        /// <summary>DPS host name (":port" allowed).</summary>
        public string Endpoint { get; set; }

        /// <summary>ID scope of the DPS instance.</summary>
        public string IdScope { get; set; }

        /// <summary>Registration id of this device.</summary>
        public string RegistrationId { get; set; }

        /// <summary>DPS device API version.</summary>
        public string ApiVersion { get; set; }

        /// <summary>Custom payload (JSON object text) or null.</summary>
        public string PayloadJson { get; set; }

        /// <summary>The key the device signs with (derived or individual). Secret.</summary>
        public byte[] DeviceKey { get; set; }

        /// <summary>Lifetime of each SAS token.</summary>
        public int SasTtlSeconds { get; set; }

        /// <summary>Time the whole flow may take.</summary>
        public int DeadlineSeconds { get; set; }

        /// <summary>Earliest plausible clock reading, Unix seconds.</summary>
        public long MinValidUnixSeconds { get; set; }

        /// <summary>Wait policy.</summary>
        public Backoff Backoff { get; set; }

        /// <summary>Settings for a configuration that passed <see cref="ConfigValidator"/>.</summary>
        public static ProvisioningSettings FromConfig(DeviceConfig config, string registrationId, byte[] deviceKey)
        {
            ProvisioningSettings settings = new ProvisioningSettings();
            settings.Endpoint = config.Endpoint;
            settings.IdScope = config.IdScope;
            settings.RegistrationId = registrationId;
            settings.ApiVersion = config.ApiVersion;
            settings.PayloadJson = DeviceConfig.IsEmpty(config.PayloadJson) ? null : config.PayloadJson;
            settings.DeviceKey = deviceKey;
            settings.SasTtlSeconds = config.SasTtlSeconds;
            settings.DeadlineSeconds = config.DeadlineSeconds;
            return settings;
        }
    }
}
