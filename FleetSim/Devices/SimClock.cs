using NanoDps.Provisioning;

namespace NanoDps.FleetSim.Devices;

/// <summary>
/// The core's clock port on the simulation's virtual clock: a fixed, plausible wall-clock epoch
/// (after <see cref="ProvisioningSettings.DefaultMinValidUnixSeconds"/>) plus virtual time. Every
/// device shares it, as real devices share the time SNTP gives them.
/// </summary>
public sealed class SimClock : IClock
{
    /// <summary>2027-01-15T08:00:00Z: the wall-clock time at virtual time 0.</summary>
    public const long EpochUnixMilliseconds = 1_800_000_000_000;

    private readonly Func<long> _virtualNow;

    /// <summary>A clock that reads the virtual time (ms since the start of the run) from <paramref name="virtualNow"/>.</summary>
    public SimClock(Func<long> virtualNow)
    {
        _virtualNow = virtualNow;
    }

    /// <inheritdoc />
    public long UtcNowMilliseconds => EpochUnixMilliseconds + _virtualNow();
}

/// <summary>A log port that drops every line (the core still builds them: that cost is part of the run).</summary>
public sealed class NullLog : ILog
{
    /// <summary>The one instance.</summary>
    public static readonly NullLog Instance = new();

    /// <inheritdoc />
    public void Write(LogLevel level, string message)
    {
    }
}

/// <summary>The host's HMAC-SHA256, as the virtual device uses it.</summary>
public sealed class DotNetHmac : IHmac
{
    /// <summary>The one instance.</summary>
    public static readonly DotNetHmac Instance = new();

    /// <inheritdoc />
    public byte[] ComputeHmacSha256(byte[] key, byte[] data) => System.Security.Cryptography.HMACSHA256.HashData(key, data);
}
