using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Dps;
using NanoDps.FleetSim.Engine;
using NanoDps.FleetSim.Report;
using NanoDps.FleetSim.Search;
using Xunit;

namespace NanoDps.FleetSim.Tests;

public class SimulationTests
{
    private static readonly Policy Ours = Policy.Ours(new CoreDeviceOptions());

    private static Scenario Fleet(int devices, long seed = 1) => new() { Id = "t", Title = "t", Devices = devices, Seed = seed };

    [Fact]
    public void Ours_provisions_a_small_fleet_without_polling_faster_than_every_2_s_or_two_requests_in_flight()
    {
        // A slow assignment (9 s) makes every device poll several times.
        var scenario = Fleet(300) with { Dps = new DpsModelOptions { AssignmentLatencyMilliseconds = 9000 } };
        PolicyResult r = FleetSimulation.Run(scenario, Ours);
        Assert.Equal(0, r.NeverProvisioned);
        Assert.True(r.Polls > 2 * r.Devices, $"expected several polls per device, got {r.Polls} for {r.Devices}");
        Assert.InRange(r.MinPollGapMilliseconds, 2000, long.MaxValue);
        Assert.InRange(r.MinRequestGapMilliseconds, 2000, long.MaxValue);
        Assert.Equal(0, r.ThrottledByPollLimit);
        Assert.Equal(0, r.InFlightViolations);
    }

    [Fact]
    public void Ours_keeps_the_2_s_floor_even_when_DPS_sends_no_Retry_After()
    {
        var scenario = Fleet(200) with { Dps = new DpsModelOptions { AssigningRetryAfterSeconds = -1, AssignmentLatencyMilliseconds = 9000 } };
        PolicyResult r = FleetSimulation.Run(scenario, Ours);
        Assert.Equal(0, r.NeverProvisioned);
        Assert.InRange(r.MinPollGapMilliseconds, 2000, long.MaxValue);
        Assert.Equal(0, r.ThrottledByPollLimit);
    }

    [Fact]
    public void The_poll_checks_catch_a_policy_that_polls_too_fast()
    {
        // sdk-c polls every second when DPS sends no Retry-After: the same measurements flag it.
        var scenario = Fleet(50) with { Dps = new DpsModelOptions { AssigningRetryAfterSeconds = -1, AssignmentLatencyMilliseconds = 9000 } };
        PolicyResult r = FleetSimulation.Run(scenario, Policy.SdkC);
        Assert.True(r.MinPollGapMilliseconds < 2000, $"min poll gap {r.MinPollGapMilliseconds} ms");
        Assert.True(r.ThrottledByPollLimit > 0);
    }

    [Fact]
    public void A_run_is_determined_by_its_seed()
    {
        PolicyResult a = FleetSimulation.Run(Fleet(1500, seed: 11), Ours);
        PolicyResult b = FleetSimulation.Run(Fleet(1500, seed: 11), Ours);
        PolicyResult c = FleetSimulation.Run(Fleet(1500, seed: 12), Ours);
        Assert.Equal(a.ProvisionedTimes, b.ProvisionedTimes);
        Assert.Equal(a.RequestsPerDevice, b.RequestsPerDevice);
        Assert.Equal(a.Throttled, b.Throttled);
        Assert.NotEqual(a.ProvisionedTimes, c.ProvisionedTimes);

        long[] spreadA = FleetSimulation.Run(Fleet(500, 3) with { Boot = BootPattern.Spread(60_000) }, Policy.IdentityService).ProvisionedTimes;
        long[] spreadB = FleetSimulation.Run(Fleet(500, 3) with { Boot = BootPattern.Spread(60_000) }, Policy.IdentityService).ProvisionedTimes;
        Assert.Equal(spreadA, spreadB);
    }

    [Fact]
    public void The_ideal_is_the_quota_limit_of_issue_6()
    {
        long[] done = IdealSchedule.DoneTimes(new long[10_000], 1000);
        Assert.Equal(594_000, IdealSchedule.TimeToFraction(done, 10_000, 0.99));
        Assert.Equal(600_000, IdealSchedule.TimeToFraction(done, 10_000, 1.0));

        // A device that boots after the queue drained is done one interval after its boot.
        long[] late = IdealSchedule.DoneTimes([0, 0, 100_000], 1000);
        Assert.Equal([60L, 120L, 100_060L], late);
    }

    [Fact]
    public void One_thousand_devices_at_once_meet_the_issue_6_targets()
    {
        var s = new ScenarioResult(Fleet(1000), Policy.Standard(new CoreDeviceOptions()));
        AssertOursMeetsTargets(s);
        PolicyResult ours = s.Of("ours")!;
        PolicyResult sdk = s.Of("sdk-c")!;
        Assert.True(ours.TimeToFraction(0.99) - sdk.TimeToFraction(0.99) <= 30_000);
        Assert.True(sdk.TotalRequests > 2 * ours.TotalRequests, $"sdk-c {sdk.TotalRequests} vs ours {ours.TotalRequests}");
    }

    [Fact]
    public void Ten_thousand_devices_at_once_meet_the_issue_6_targets()
    {
        var s = new ScenarioResult(Fleet(10_000), [Ours, Policy.SdkC, Policy.IdentityService]);
        AssertOursMeetsTargets(s);
        PolicyResult ours = s.Of("ours")!;
        PolicyResult sdk = s.Of("sdk-c")!;
        Assert.True(ours.TimeToFraction(0.99) - sdk.TimeToFraction(0.99) <= 30_000, "sdk-c must not beat ours by more than 30 s at 99%");
        Assert.True(sdk.TotalRequests >= 10 * ours.TotalRequests, $"sdk-c {sdk.TotalRequests} vs ours {ours.TotalRequests}: less than 10x");
        Assert.True(s.Of("identity-service")!.NeverProvisioned > 0, "identity-service gives up on devices");

        Assert.All(Targets.Check([s]).Where(row => row.Met is not null), row => Assert.True(row.Met, row.Target + ": " + row.Measured));
    }

    [Fact]
    public void Thirty_thousand_devices_at_once_drain_within_one_flow_deadline_and_meet_the_time_target()
    {
        // 30,000 devices need 1,800 s of quota: the default deadline (3,600 s) covers it, so no
        // device ends its flow and deep-sleeps while the queue drains.
        var s = new ScenarioResult(Fleet(30_000), [Ours]);
        PolicyResult ours = s.Of("ours")!;
        Assert.Equal(0, ours.NeverProvisioned);
        Assert.Equal(0, ours.Restarts);
        long over = ours.TimeToFraction(0.99)!.Value - s.Ideal(0.99);
        Assert.True(over <= 30_000, $"99% at ideal + {over / 1000.0} s");
        Assert.Equal(0, ours.InFlightViolations);

        // Issue 12: at most 14 requests per board at 30,000 (the former back-off sent 14.66).
        Assert.True(ours.MeanRequests <= 14, $"mean {ours.MeanRequests:0.00} requests per board");
        Assert.True(ours.WorstRequests <= 2.5 * ours.MeanRequests, $"worst board {ours.WorstRequests} requests");
    }

    [Theory]
    [InlineData(2000, 1000)]
    [InlineData(3000, 1000)]
    [InlineData(5000, 1000)]
    [InlineData(300, 100)]
    public void Fleets_between_the_sizes_issue_6_named_meet_the_issue_12_targets_over_three_seeds(int devices, int registrationsPerMinute)
    {
        // The former back-off (24 s doubling to 130 s) was tuned on 1,000, 10,000 and 30,000 boards:
        // 3,000 boards, or 300 at 100/min, landed 99% about 60 s after the ideal.
        SettingResult r = TargetMatrix.Run(
            [BackoffSetting.Default], [new FleetSpec(devices, registrationsPerMinute)], [1, 2, 3], Fleet(1), new CoreDeviceOptions(), threads: 1)[0];
        CellResult cell = r.Cells[0];
        string seeds = string.Join(", ", cell.Runs.Select(x => $"{x.Over99Seconds:+0.0;-0.0}"));
        Assert.Equal(0, cell.NeverProvisioned);
        Assert.True(cell.MeanOver99 <= FleetTargets.MeanSlackSeconds, $"99% at ideal {cell.MeanOver99:+0.0} s on average (seeds: {seeds})");
        Assert.True(cell.WorstOver99 <= FleetTargets.SeedSlackSeconds, $"a seed at ideal {cell.WorstOver99:+0.0} s (seeds: {seeds})");
        Assert.True(cell.WorstToMean <= FleetTargets.MaxWorstToMean, $"worst board {cell.WorstRequests} requests, {cell.WorstToMean:0.00}x the mean");
    }

    [Fact]
    public void A_long_429_Retry_After_does_not_bring_the_refused_fleet_back_in_one_second()
    {
        // With Retry-After 30 s every refused device would retry at 30.2 s if the wait were only
        // floored at Retry-After (1,900 in that second); the core adds its jitter above it instead (about 180).
        var scenario = Fleet(2000) with { Dps = new DpsModelOptions { ThrottleRetryAfterSeconds = 30 } };
        PolicyResult r = FleetSimulation.Run(scenario, Ours);
        Assert.Equal(0, r.NeverProvisioned);
        Assert.True(r.PeakLaterRequestsPerSecond < r.Devices / 5, $"{r.PeakLaterRequestsPerSecond} retries and polls in one second");
    }

    private static void AssertOursMeetsTargets(ScenarioResult s)
    {
        PolicyResult ours = s.Of("ours")!;
        Assert.Equal(0, ours.NeverProvisioned);
        long over = ours.TimeToFraction(0.99)!.Value - s.Ideal(0.99);
        Assert.True(over <= 30_000, $"99% at ideal + {over / 1000.0} s");
        Assert.True(ours.MeanRequests <= 8, $"mean {ours.MeanRequests} requests per device");
        Assert.True(ours.WorstRequests <= 16, $"worst {ours.WorstRequests} requests");
        Assert.Equal(0, ours.InFlightViolations);
        Assert.InRange(ours.MinRequestGapMilliseconds, 2000, long.MaxValue);
    }
}
