using Microsoft.Extensions.Time.Testing;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Tests.Support;

/// <summary>
/// The device's clock and delay on a virtual clock (shared with an emulator started with the same
/// <see cref="FakeTimeProvider"/>): each wait the device asks for advances time for both at once, so
/// minutes of the firmware's back-off take no time. The HTTPS requests stay real.
/// </summary>
public sealed class VirtualClock(FakeTimeProvider time) : IClock, IDelay
{
    /// <summary>A virtual clock starting now.</summary>
    public VirtualClock()
        : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    /// <summary>The time, for an emulator that shares it.</summary>
    public FakeTimeProvider Time { get; } = time;

    /// <summary>Everything the device waited.</summary>
    public TimeSpan Waited { get; private set; }

    public long UtcNowMilliseconds => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Sleep(int milliseconds)
    {
        Time.Advance(TimeSpan.FromMilliseconds(milliseconds));
        Waited += TimeSpan.FromMilliseconds(milliseconds);
    }
}
