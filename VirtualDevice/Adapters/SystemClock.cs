using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="IClock"/> on the PC's clock (set by the operating system's time sync, as SNTP sets the
/// board's). <see cref="OffsetSeconds"/> shifts it, to show what a device with a wrong clock sees.
/// </summary>
public sealed class SystemClock : IClock
{
    /// <summary>A clock <paramref name="offsetSeconds"/> ahead of the PC's (negative: behind).</summary>
    public SystemClock(long offsetSeconds = 0)
    {
        OffsetSeconds = offsetSeconds;
    }

    /// <summary>How far this clock is ahead of the PC's, in seconds.</summary>
    public long OffsetSeconds { get; }

    /// <inheritdoc/>
    public long UtcNowMilliseconds => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (OffsetSeconds * 1000);
}
