namespace NanoDps.Provisioning
{
    /// <summary>How a boot ends.</summary>
    public enum BootOutcomeKind
    {
        /// <summary>A proven assignment: the application takes over with <see cref="BootOutcome.Device"/>.</summary>
        Provisioned = 0,

        /// <summary>A failed boot: deep sleep for <see cref="BootOutcome.SleepSeconds"/>, then boot again.</summary>
        Sleep = 1,

        /// <summary>A failed boot that saw a newly deployed device.json while awake: restart at once.</summary>
        Restart = 2,
    }
}
