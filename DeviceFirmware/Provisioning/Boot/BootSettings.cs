namespace NanoDps.Provisioning
{
    /// <summary>What a <see cref="BootSequence"/> takes from the platform rather than from device.json.</summary>
    public sealed class BootSettings
    {
        /// <summary>The board's defaults: Wi-Fi, 60 s for the join and for the clock, 60 s awake after a reset.</summary>
        public BootSettings()
        {
            FirmwareVersion = "unknown";
            MinValidUnixSeconds = ProvisioningSettings.DefaultMinValidUnixSeconds;
            UsesWifi = true;
            NetworkTimeoutMilliseconds = 60000;
            ClockTimeoutMilliseconds = 60000;
            AwakeAfterResetMilliseconds = 60000;
            AwakeCheckMilliseconds = 5000;
        }

        /// <summary>Firmware version, logged at boot and sent in the proof message.</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>Earliest plausible clock reading (Unix seconds): the firmware's build date.</summary>
        public long MinValidUnixSeconds { get; set; }

        /// <summary>True on the board: device.json's Wi-Fi fields are required and the credentials go to the network link.</summary>
        public bool UsesWifi { get; set; }

        /// <summary>Longest wait for the network join.</summary>
        public int NetworkTimeoutMilliseconds { get; set; }

        /// <summary>Longest wait for the clock to be set.</summary>
        public int ClockTimeoutMilliseconds { get; set; }

        /// <summary>
        /// How long a failed boot after a power-on or RESET stays awake before it sleeps: a sleeping
        /// ESP32 does not answer nanoff or Visual Studio, and someone is at the board. 0: sleep at once.
        /// </summary>
        public int AwakeAfterResetMilliseconds { get; set; }

        /// <summary>How often the awake board looks for a newly deployed device.json.</summary>
        public int AwakeCheckMilliseconds { get; set; }

        /// <summary>Back-off of the provisioning flow; null keeps the core's default.</summary>
        public Backoff Backoff { get; set; }
    }
}
