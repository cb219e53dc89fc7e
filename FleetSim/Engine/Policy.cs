using NanoDps.FleetSim.Devices;
using NanoDps.Provisioning;

namespace NanoDps.FleetSim.Engine;

/// <summary>A retry policy under test: a name, a one-line description and how to build its devices.</summary>
public sealed record Policy(string Name, string Summary, Func<int, long, IClock, ISimDevice> CreateDevice)
{
    /// <summary>The poll/retry interval of <see cref="NaiveFixed"/> unless a run says otherwise.</summary>
    public const int DefaultNaiveIntervalMilliseconds = 5000;

    /// <summary>Our firmware: the real provisioning core with <paramref name="options"/>.</summary>
    public static Policy Ours(CoreDeviceOptions options)
    {
        Backoff b = options.Backoff;
        bool grows = b.CapGrowthAfterFailures > 0 && b.CapGrowthMilliseconds > 0;
        string growth = grows
            ? $", then {b.CapGrowthMilliseconds / 1000.0:0.#} s more with each failure after the {Ordinal(b.CapGrowthAfterFailures)} up to {b.MaxWindowMilliseconds / 1000.0:0.#} s"
            : string.Empty;
        string late = grows && b.LateJitterPercent > 0 ? $" ({b.LateJitterPercent}% once it grows)" : string.Empty;
        string summary = $"the real core: back-off window {b.FirstWindowMilliseconds / 1000.0:0.#} s doubling to {Math.Min(b.CapWindowMilliseconds, b.MaxWindowMilliseconds) / 1000.0:0.#} s{growth}, "
            + $"wait over the top {b.JitterPercent}% of the window{late} (added above a 429's Retry-After when that is longer than the window's bottom), "
            + $"a {b.MinIntervalMilliseconds / 1000.0:0.#} s floor; polls at Retry-After; deadline {options.DeadlineSeconds} s, then the firmware's deep sleep and a new flow";
        return new Policy("ours", summary, (index, seed, clock) => new CoreDevice(index, options, clock, seed));
    }

    private static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    /// <summary>azure-iot-sdk-c.</summary>
    public static Policy SdkC { get; } = new(
        "sdk-c",
        "wait Retry-After (1 s when absent or > 300 s) and resend, forever; no back-off, no jitter; polls at Retry-After",
        (index, seed, clock) => new SdkCDevice());

    /// <summary>iot-identity-service.</summary>
    public static Policy IdentityService { get; } = new(
        "identity-service",
        "polls every 5 s; on 429 waits 60/120/180/300 s + 10/20/30/30 s jitter, gives up at the 5th 429",
        (index, seed, clock) => new IdentityServiceDevice(index, seed));

    /// <summary>A fixed-interval retry and poll loop.</summary>
    public static Policy NaiveFixed(int intervalMilliseconds = DefaultNaiveIntervalMilliseconds) => new(
        "naive-fixed",
        $"retries and polls every {intervalMilliseconds / 1000.0:0.#} s, ignores Retry-After, no jitter, forever",
        (index, seed, clock) => new NaiveFixedDevice(intervalMilliseconds));

    /// <summary>The four policies issue 6 compares, ours first.</summary>
    public static IReadOnlyList<Policy> Standard(CoreDeviceOptions ours, int naiveIntervalMilliseconds = DefaultNaiveIntervalMilliseconds) =>
        [Ours(ours), SdkC, IdentityService, NaiveFixed(naiveIntervalMilliseconds)];
}
