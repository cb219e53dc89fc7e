using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="IClockSync"/> of the virtual board: the PC's clock is set by its operating system and the
/// device cannot correct it, so a clock the core finds unset (only with --clock-offset) stays unset.
/// </summary>
public sealed class HostClockSync(ILog log) : IClockSync
{
    /// <inheritdoc/>
    public ClockSyncResult WaitUntilAfter(long minUnixSeconds, int timeoutMilliseconds)
    {
        log.Write(LogLevel.Warning, "the virtual device cannot set this PC's clock (--clock-offset moved the device's): no SNTP here");
        return ClockSyncResult.TimedOut;
    }
}
