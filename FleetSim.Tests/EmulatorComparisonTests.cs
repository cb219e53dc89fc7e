using NanoDps.FleetSim.Dps;
using NanoDps.FleetSim.Live;
using Xunit;
using Xunit.Abstractions;

namespace NanoDps.FleetSim.Tests;

public class EmulatorComparisonTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_simulation_predicts_200_real_boards_against_the_real_emulator_within_10_percent()
    {
        // 200 threads, each the real core over real TLS with real sleeps, against the real emulator at
        // 240 registrations a minute (about 70 s), beside the simulation of the same fleet. Not 60
        // boards at 60/min: their 99% mark is the last board, which swings by 17% from seed to seed
        // with this back-off; 200 boards that drain in 50 s land their 99% within 2.4% (sd over 100
        // seeds), so the comparison can fail only if the model is wrong.
        var options = new LiveFleetOptions
        {
            Devices = 200,
            Dps = new DpsModelOptions { RegistrationsPerMinute = 240, RegistrationBurst = 24, OperationsPerMinute = 240, OperationBurst = 24 },
            Seed = 1,
        };
        ComparisonResult r = await EmulatorComparison.RunAsync(options, Enumerable.Range(1, 10).Select(s => (long)s).ToArray(), threads: 1);
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
