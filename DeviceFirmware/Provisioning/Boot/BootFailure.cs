namespace NanoDps.Provisioning
{
    /// <summary>Why a boot ended without a working assignment.</summary>
    public enum BootFailure
    {
        /// <summary>It did not: the board is provisioned.</summary>
        None = 0,

        /// <summary>No device.json in flash.</summary>
        ConfigMissing = 1,

        /// <summary>device.json is not valid (every problem logged with its field).</summary>
        ConfigInvalid = 2,

        /// <summary>The board has no usable Wi-Fi station MAC to make its registration id from.</summary>
        NoStationMac = 3,

        /// <summary>The network was not joined.</summary>
        NetworkNotJoined = 4,

        /// <summary>The clock was not set, so TLS and SAS tokens cannot work.</summary>
        ClockNotSet = 5,

        /// <summary>A TLS root is missing or unreadable.</summary>
        RootsMissing = 6,

        /// <summary>DPS gave no assignment (see <see cref="BootOutcome.Provisioning"/>).</summary>
        NotAssigned = 7,

        /// <summary>The hub refused the device again after a new registration.</summary>
        HubRejected = 8,

        /// <summary>The hub could not be reached or did not take the message; the assignment stays stored.</summary>
        HubFailed = 9,

        /// <summary>Something no port promised: an exception (its type and message are in the reason).</summary>
        Unexpected = 10,
    }
}
