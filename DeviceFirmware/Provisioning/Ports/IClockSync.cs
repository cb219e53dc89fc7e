namespace NanoDps.Provisioning
{
    /// <summary>Gets the real time onto the board's clock (SNTP on an ESP32); the core decides when it is needed.</summary>
    public interface IClockSync
    {
        /// <summary>Asks for the time and waits until the clock reads at least <paramref name="minUnixSeconds"/>, at most <paramref name="timeoutMilliseconds"/>.</summary>
        ClockSyncResult WaitUntilAfter(long minUnixSeconds, int timeoutMilliseconds);
    }
}
