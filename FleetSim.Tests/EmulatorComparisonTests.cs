using NanoDps.FleetSim.Dps;
using NanoDps.FleetSim.Live;
using Xunit;
using Xunit.Abstractions;

namespace NanoDps.FleetSim.Tests;

public class EmulatorComparisonTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_simulation_predicts_60_real_boards_against_the_real_emulator_within_10_percent()
    {
        // 60 threads, each the real core over real TLS with real sleeps, against the real emulator at
        // 60 registrations a minute (about 70 s), beside the simulation of the same fleet and draws.
        var options = new LiveFleetOptions
        {
            Devices = 60,
            Dps = new DpsModelOptions { RegistrationsPerMinute = 60, RegistrationBurst = 6, OperationsPerMinute = 60, OperationBurst = 6 },
            Seed = 1,
        };
        ComparisonResult r = await EmulatorComparison.RunAsync(options, [1, 2, 3], threads: 1);
        string table = r.Render("(test)");
        output.WriteLine(table);

        // The harness is a faithful fleet: every board provisioned, one request in flight per board,
        // polls at least 2 s apart, none refused for polling too often.
        Assert.Empty(r.Live.NotProvisioned);
        Assert.Equal(0, r.Live.Result.InFlightViolations);
        Assert.InRange(r.Live.Result.MinPollGapMilliseconds, 2000, long.MaxValue);
        Assert.Equal(0, r.Live.Result.ThrottledByPollLimit);
        Assert.True(r.Live.Result.Throttled > 0, "the quota must bite, or the comparison shows nothing");

        var (half, ninetyNine, requests) = r.RelativeDifferences;
        Assert.True(Math.Abs(half) <= 0.10, $"50%: simulation {half:+0.0%;-0.0%} off the emulator\n{table}");
        Assert.True(Math.Abs(ninetyNine) <= 0.10, $"99%: simulation {ninetyNine:+0.0%;-0.0%} off the emulator\n{table}");
        Assert.True(Math.Abs(requests) <= 0.10, $"mean requests: simulation {requests:+0.0%;-0.0%} off the emulator\n{table}");
    }
}
