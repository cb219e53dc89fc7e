namespace NanoDps.Provisioning
{
    /// <summary>How waiting for the real time ended.</summary>
    public enum ClockSyncResult
    {
        /// <summary>The clock now reads the real time.</summary>
        Set = 0,

        /// <summary>No time arrived before the timeout (or this platform cannot set its clock).</summary>
        TimedOut = 1,
    }
}
