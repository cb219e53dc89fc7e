using NanoDps.FleetSim.Dps;

namespace NanoDps.FleetSim.Engine;

/// <summary>One setting the policies are compared in: the fleet, how it boots, the DPS model and the network.</summary>
public sealed record Scenario
{
    /// <summary>Short id, used in file names (fleet-{Id}.png).</summary>
    public required string Id { get; init; }

    /// <summary>Heading in the report.</summary>
    public required string Title { get; init; }

    /// <summary>Fleet size.</summary>
    public required int Devices { get; init; }

    /// <summary>How the fleet powers on.</summary>
    public BootPattern Boot { get; init; } = BootPattern.AllAtOnce;

    /// <summary>The DPS instance.</summary>
    public DpsModelOptions Dps { get; init; } = new();

    /// <summary>Network round trip of one request (half each way).</summary>
    public int RoundTripMilliseconds { get; init; } = 200;

    /// <summary>Seed of every random choice in the run (boot times, jitter).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Virtual time after which the run stops; devices not provisioned by then count as never provisioned.</summary>
    public long HorizonMilliseconds { get; init; } = 4 * 3600 * 1000L;
}
