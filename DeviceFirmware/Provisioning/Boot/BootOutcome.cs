namespace NanoDps.Provisioning
{
    /// <summary>How a boot ended: the device for the application, or the sleep and why; and what it took.</summary>
    public sealed class BootOutcome
    {
        internal BootOutcome(BootOutcomeKind kind, BootFailure failure, string reason, ProvisionedDevice device, int sleepSeconds)
        {
            Kind = kind;
            Failure = failure;
            Reason = reason;
            Device = device;
            SleepSeconds = sleepSeconds;
        }

        /// <summary>Provisioned, sleep or restart.</summary>
        public BootOutcomeKind Kind { get; }

        /// <summary>True when the application takes over.</summary>
        public bool IsProvisioned
        {
            get { return Kind == BootOutcomeKind.Provisioned; }
        }

        /// <summary>Why the boot failed; <see cref="BootFailure.None"/> when provisioned.</summary>
        public BootFailure Failure { get; }

        /// <summary>The failure in one line for a person (null when provisioned).</summary>
        public string Reason { get; }

        /// <summary>The hand-off to the application (provisioned only).</summary>
        public ProvisionedDevice Device { get; }

        /// <summary>How long the board sleeps (Sleep only).</summary>
        public int SleepSeconds { get; }

        /// <summary>The assignment this boot used or received, or null (for a summary when the hub failed it).</summary>
        public ProvisioningRecord Record { get; internal set; }

        /// <summary>True when this boot used the stored assignment without a DPS request.</summary>
        public bool UsedStoredAssignment { get; internal set; }

        /// <summary>The last provisioning flow of this boot, or null when DPS was not asked.</summary>
        public ProvisioningOutcome Provisioning { get; internal set; }

        /// <summary>DPS requests this boot sent.</summary>
        public int DpsRequests { get; internal set; }

        /// <summary>device.json's problems (ConfigInvalid), each with its field; empty otherwise.</summary>
        public ConfigError[] ConfigErrors { get; internal set; }

        /// <summary>Failed boots in a row, this one included (0 when provisioned).</summary>
        public int FailedBootsInARow { get; internal set; }

        /// <summary>Boots counted so far, this one included (see <see cref="ProvisionedDevice.BootCount"/>).</summary>
        public long BootCount { get; internal set; }

        /// <summary>The name of a failure for a summary (Enum.ToString gives the number on nanoFramework).</summary>
        public static string FailureName(BootFailure failure)
        {
            switch (failure)
            {
                case BootFailure.None: return "none";
                case BootFailure.ConfigMissing: return "device.json missing";
                case BootFailure.ConfigInvalid: return "device.json invalid";
                case BootFailure.NoStationMac: return "no Wi-Fi MAC";
                case BootFailure.NetworkNotJoined: return "network not joined";
                case BootFailure.ClockNotSet: return "clock not set";
                case BootFailure.RootsMissing: return "root certificates missing";
                case BootFailure.NotAssigned: return "no assignment from DPS";
                case BootFailure.HubRejected: return "refused by the hub";
                case BootFailure.HubFailed: return "hub unreachable";
                default: return "unexpected error";
            }
        }
    }
}
