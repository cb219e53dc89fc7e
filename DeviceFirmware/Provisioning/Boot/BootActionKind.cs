namespace NanoDps.Provisioning
{
    /// <summary>What a <see cref="BootAction"/> asks the driver loop to do.</summary>
    public enum BootActionKind
    {
        /// <summary>Join the network with the stored credentials, then call <see cref="BootSequence.NetworkJoined"/>.</summary>
        JoinNetwork = 0,

        /// <summary>Wait for the real time, then call <see cref="BootSequence.ClockSynced"/>.</summary>
        SyncClock = 1,

        /// <summary>Send the request, then call <see cref="BootSequence.Answered"/>.</summary>
        Send = 2,

        /// <summary>Wait, then call <see cref="BootSequence.Waited"/>.</summary>
        Wait = 3,

        /// <summary>The boot is over: see <see cref="BootAction.Outcome"/>.</summary>
        Done = 4,
    }
}
