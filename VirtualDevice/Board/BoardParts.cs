using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;

namespace NanoDps.VirtualDevice.Board;

/// <summary>What a <see cref="VirtualBoard"/> is made of: its MAC and the adapters of the core's ports.</summary>
public sealed class BoardParts
{
    /// <summary>The Wi-Fi station MAC (6 bytes).</summary>
    public required byte[] Mac { get; init; }

    /// <summary>The flash folder.</summary>
    public required IFlashStore Flash { get; init; }

    /// <summary>HTTPS to DPS and the hub.</summary>
    public required IHttpExchange Http { get; init; }

    /// <summary>Wall clock.</summary>
    public required IClock Clock { get; init; }

    /// <summary>Waits between requests.</summary>
    public required IDelay Delay { get; init; }

    /// <summary>Jitter source.</summary>
    public required IRandom Random { get; init; }

    /// <summary>The serial console.</summary>
    public required ConsoleLog Log { get; init; }

    /// <summary>HMAC-SHA256.</summary>
    public IHmac Hmac { get; init; } = new HostHmac();

    /// <summary>Back-off policy; null keeps the core's default (the firmware's).</summary>
    public Backoff? Backoff { get; init; }

    /// <summary>Earliest plausible clock reading (Unix seconds); the board passes its build date.</summary>
    public long MinValidUnixSeconds { get; init; } = ProvisioningSettings.DefaultMinValidUnixSeconds;
}
