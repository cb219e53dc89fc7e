using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Engine;
using NanoDps.FleetSim.Search;
using NanoDps.Provisioning;
using Xunit;

namespace NanoDps.FleetSim.Tests;

public class SearchTests
{
    [Theory]
    [InlineData("3000", 3000, 1000, 3000)]
    [InlineData("300@100", 300, 100, 3000)]
    [InlineData("1000@100", 1000, 100, 10_000)]
    public void A_fleet_is_written_boards_or_boards_at_a_quota_and_stands_for_the_fleet_that_drains_as_long(string text, int devices, int rate, long equivalent)
    {
        FleetSpec fleet = FleetSpec.Parse(text, out string? problem)!;
        Assert.Null(problem);
        Assert.Equal(new FleetSpec(devices, rate), fleet);
        Assert.Equal(equivalent, fleet.EquivalentDevices);
        Assert.Equal(text, fleet.ToString());
        Assert.Equal(rate / 10, fleet.Dps(new()).RegistrationBurst);
        Assert.Equal(rate, fleet.Dps(new()).OperationsPerMinute);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("3000@")]
    [InlineData("3000@0")]
    [InlineData("3e3")]
    [InlineData("300@100@10")]
    public void Anything_else_is_not_a_fleet(string text)
    {
        Assert.Null(FleetSpec.Parse(text, out string? problem));
        Assert.Contains($"'{text}' is not a fleet", problem);
    }

    [Fact]
    public void A_setting_is_written_in_seconds_and_a_cap_that_never_grows_is_one_setting()
    {
        BackoffSetting s = BackoffSetting.Parse("20/100/75/6/10", out _)!;
        Assert.Equal(new BackoffSetting(20_000, 100_000, 75, 6, 10_000, new Backoff().MaxWindowMilliseconds), s);
        Assert.Equal("20 / 100 / 75%, +10 s from failure 7", s.ToString());
        Backoff b = s.ToBackoff();
        Assert.Equal(100_000, b.WindowMilliseconds(6));
        Assert.Equal(110_000, b.WindowMilliseconds(7));

        Assert.Equal(BackoffSetting.Parse("24/130/75", out _), BackoffSetting.Parse("24/130/75/6/0", out _));
        Assert.Equal(BackoffSetting.Parse("24/130/75", out _), BackoffSetting.Parse("24/130/75/0/10", out _));
        Assert.Null(BackoffSetting.Parse("24/130/101", out _));
        Assert.Null(BackoffSetting.Parse("24/130", out _));
        Assert.Null(BackoffSetting.Parse("0/130/75", out _));
    }

    [Fact]
    public void The_score_is_the_tightest_targets_use_and_a_board_never_provisioned_is_infinite()
    {
        CellResult Cell(FleetSpec f, double over99, double mean, int worst, int never = 0) =>
            new(f, [new SeedRun(1, 0, over99, mean, worst, never), new SeedRun(2, 0, over99, mean, worst, never)]);

        // Tail: 15 s of the 30 s slack; requests: 7 of 8 at 10,000; worst board 2x of 2.5x.
        double score = FleetTargets.Score([Cell(new(3000), 15, 5, 10), Cell(new(10_000), 3, 7, 14)]);
        Assert.Equal(7.0 / 8, score, 6);
        var lateSeed = new CellResult(new(3000), [new SeedRun(1, 0, 10, 5, 6, 0), new SeedRun(2, 0, 44, 5, 6, 0)]);
        Assert.Equal(44.0 / 45, FleetTargets.Score([lateSeed]), 6);
        Assert.Equal(40.0 / 30, FleetTargets.Score([Cell(new(3000), 40, 5, 6)]), 6);
        Assert.True(FleetTargets.Score([Cell(new(30_000), 0, 15, 20)]) > 1, "15 requests at 30,000 miss the limit of 14");
        Assert.True(FleetTargets.Score([Cell(new(3000, 100), 0, 15, 20)]) > 1, "the 100/min twin of 30,000 has its limit too");
        Assert.Equal(double.PositiveInfinity, FleetTargets.Score([Cell(new(300), 0, 3, 3, never: 1)]));
    }

    [Fact]
    public void The_frontier_keeps_the_settings_no_other_beats_on_both_tail_and_requests()
    {
        SettingResult R(int first, double over99, double requests30k) => new(
            new BackoffSetting(first * 1000, 100_000, 75, 0, 0, 300_000),
            [new CellResult(new(30_000), [new SeedRun(1, 0, over99, requests30k, (int)requests30k, 0)])]);
        var a = R(1, 10, 14);
        var b = R(2, 20, 12);
        var c = R(3, 25, 13);
        var d = R(4, 5, 16);
        Assert.Equal([b, a, d], BackoffSearch.Frontier([a, b, c, d], 30_000));
    }

    [Fact]
    public void The_search_screens_then_runs_the_best_on_the_full_fleets_then_on_new_seeds()
    {
        var plan = new SearchPlan
        {
            Grid = [BackoffSetting.Parse("24/130/75", out _)!, BackoffSetting.Parse("16/100/75", out _)!, BackoffSetting.Parse("8/60/50", out _)!],
            AlwaysInclude = [BackoffSetting.Parse("20/100/75/6/10", out _)!],
            ScreenFleets = [new(200)],
            Keep = 1,
            Fleets = [new(300), new(100, 100)],
            Seeds = [1, 2],
            HoldoutCount = 1,
            HoldoutSeeds = [9],
            Baseline = new Scenario { Id = "t", Title = "t", Devices = 1 },
            Threads = 1,
        };
        SearchResult r = BackoffSearch.Run(plan);
        Assert.Equal(3, r.Screen.Count);
        Assert.True(r.Screen.Zip(r.Screen.Skip(1)).All(p => p.First.Score <= p.Second.Score), "ranked by score");
        Assert.Equal(2, r.Final.Count);
        Assert.Contains(r.Final, x => x.Setting == plan.AlwaysInclude[0]);
        Assert.Contains(r.Final, x => x.Setting == r.Screen[0].Setting);
        Assert.All(r.Final, x => Assert.Equal([300, 100], x.Cells.Select(c => c.Fleet.Devices)));
        Assert.All(r.Final[0].Cells, c => Assert.Equal([1L, 2L], c.Runs.Select(run => run.Seed)));
        SettingResult held = Assert.Single(r.Holdout);
        Assert.Equal(r.Final[0].Setting, held.Setting);
        Assert.Equal([9L], held.Cells[0].Runs.Select(run => run.Seed));

        // The matrix measures what a plain run of the same fleet measures.
        PolicyResult direct = FleetSimulation.Run(
            plan.Baseline with { Devices = 300, Seed = 2 },
            Policy.Ours(new CoreDeviceOptions { Backoff = r.Final[0].Setting.ToBackoff() }));
        SeedRun measured = r.Final[0].Cells[0].Runs[1];
        Assert.Equal(direct.MeanRequests, measured.MeanRequests);
        Assert.Equal((direct.TimeToFraction(0.99)!.Value - 17_820) / 1000.0, measured.Over99Seconds, 6);
    }
}
