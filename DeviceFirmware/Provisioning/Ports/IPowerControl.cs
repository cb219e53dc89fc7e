namespace NanoDps.Provisioning
{
    /// <summary>
    /// How this boot began and how the board ends one that failed: the ESP32's deep sleep and
    /// restart. The virtual device ends its run instead and reports the sleep it would take.
    /// </summary>
    public interface IPowerControl
    {
        /// <summary>True when this boot is a wake-up from the retry sleep's timer (nobody at the board); false after power-on or RESET.</summary>
        bool WokeFromRetrySleep { get; }

        /// <summary>Sleeps <paramref name="seconds"/>, then the board boots again (does not return on the board).</summary>
        void DeepSleep(int seconds);

        /// <summary>Restarts the board at once (does not return on the board).</summary>
        void Restart();
    }
}
