using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Engine;

namespace NanoDps.FleetSim.Search;

/// <summary>
/// The back-off search, by successive halving: every setting of the grid on cheap stand-in fleets
/// with few seeds (screen), the best <see cref="SearchPlan.Keep"/> of them on the fleets
/// with its seeds (final), and the best <see cref="SearchPlan.HoldoutCount"/> again with seeds
/// the choice never saw (holdout), so that a winner picked on three seeds is not just lucky on them.
/// Settings are ranked by <see cref="FleetTargets.Score"/>.
/// </summary>
public static class BackoffSearch
{
    /// <summary>Runs <paramref name="plan"/>; <paramref name="log"/> hears about each stage.</summary>
    public static SearchResult Run(SearchPlan plan, Action<string>? log = null)
    {
        IReadOnlyList<SettingResult> screen = [];
        IReadOnlyList<BackoffSetting> finalists = plan.Grid;
        if (plan.ScreenFleets.Count > 0 && plan.Grid.Count > plan.Keep)
        {
            log?.Invoke($"screen: {plan.Grid.Count} settings x {plan.ScreenFleets.Count} fleets x {plan.ScreenSeeds.Count} seeds");
            screen = Ranked(TargetMatrix.Run(plan.Grid, plan.ScreenFleets, plan.ScreenSeeds, plan.Baseline, plan.Ours, plan.Threads, Progress(log)));
            finalists = screen.Take(plan.Keep).Select(r => r.Setting).ToList();
        }

        finalists = finalists.Concat(plan.AlwaysInclude).Distinct().ToList();
        log?.Invoke($"final: {finalists.Count} settings x {plan.Fleets.Count} fleets x {plan.Seeds.Count} seeds");
        IReadOnlyList<SettingResult> final = Ranked(TargetMatrix.Run(finalists, plan.Fleets, plan.Seeds, plan.Baseline, plan.Ours, plan.Threads, Progress(log)));

        IReadOnlyList<SettingResult> holdout = [];
        if (plan.HoldoutCount > 0 && plan.HoldoutSeeds.Count > 0)
        {
            var best = final.Take(plan.HoldoutCount).Select(r => r.Setting).ToList();
            log?.Invoke($"holdout: {best.Count} settings x {plan.Fleets.Count} fleets x {plan.HoldoutSeeds.Count} new seeds");
            holdout = TargetMatrix.Run(best, plan.Fleets, plan.HoldoutSeeds, plan.Baseline, plan.Ours, plan.Threads, Progress(log));
        }

        return new SearchResult(plan, screen, final, holdout);
    }

    /// <summary>The settings no other setting beats on both the latest cell's mean 99% and the mean requests at <paramref name="equivalentDevices"/>, by requests.</summary>
    public static IReadOnlyList<SettingResult> Frontier(IReadOnlyList<SettingResult> results, long equivalentDevices)
    {
        var candidates = results.Where(r => !double.IsInfinity(r.Score) && !double.IsNaN(r.RequestsAt(equivalentDevices))).ToList();
        return candidates
            .Where(r => !candidates.Any(o => o != r
                && o.WorstMeanOver99 <= r.WorstMeanOver99 && o.RequestsAt(equivalentDevices) <= r.RequestsAt(equivalentDevices)
                && (o.WorstMeanOver99 < r.WorstMeanOver99 || o.RequestsAt(equivalentDevices) < r.RequestsAt(equivalentDevices))))
            .OrderBy(r => r.RequestsAt(equivalentDevices))
            .ToList();
    }

    private static IReadOnlyList<SettingResult> Ranked(IReadOnlyList<SettingResult> results) =>
        results.OrderBy(r => r.Score).ThenBy(r => r.WorstMeanOver99).ToList();

    private static Action<int, int>? Progress(Action<string>? log)
    {
        if (log is null)
        {
            return null;
        }

        int lastTenth = 0;
        object gate = new();
        return (done, total) =>
        {
            lock (gate)
            {
                int tenth = done * 10 / total;
                if (tenth > lastTenth)
                {
                    lastTenth = tenth;
                    log($"  {tenth * 10}% ({done} of {total} runs)");
                }
            }
        };
    }
}

/// <summary>What the search runs: the grid, the stand-in fleets and seeds of the screen, how many settings go on, the fleets and seeds, the holdout.</summary>
public sealed record SearchPlan
{
    /// <summary>Every setting to try.</summary>
    public required IReadOnlyList<BackoffSetting> Grid { get; init; }

    /// <summary>Settings that go to the final stage whatever the screen says (e.g. the policy to compare with).</summary>
    public IReadOnlyList<BackoffSetting> AlwaysInclude { get; init; } = [];

    /// <summary>Fleets of the screen; empty: no screen, every setting goes to the final stage.</summary>
    public IReadOnlyList<FleetSpec> ScreenFleets { get; init; } = FleetTargets.ScreenFleets;

    /// <summary>Seeds of the screen.</summary>
    public IReadOnlyList<long> ScreenSeeds { get; init; } = [1];

    /// <summary>Settings that go from the screen to the final stage.</summary>
    public int Keep { get; init; } = 30;

    /// <summary>Fleets of the final stage.</summary>
    public IReadOnlyList<FleetSpec> Fleets { get; init; } = FleetTargets.Fleets;

    /// <summary>Seeds of the final stage.</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [1, 2, 3];

    /// <summary>How many of the best settings are run again with <see cref="HoldoutSeeds"/>.</summary>
    public int HoldoutCount { get; init; } = 3;

    /// <summary>Seeds the ranking never saw.</summary>
    public IReadOnlyList<long> HoldoutSeeds { get; init; } = [4, 5, 6, 7, 8];

    /// <summary>Everything of a run but the fleet, quota and seed (Retry-After, assignment delay, round trip).</summary>
    public required Scenario Baseline { get; init; }

    /// <summary>Everything of "ours" but the back-off (deadline, reboot).</summary>
    public CoreDeviceOptions Ours { get; init; } = new();

    /// <summary>Runs at a time.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}

/// <summary>The stages' results, each ranked best first (the holdout in the final stage's order).</summary>
public sealed record SearchResult(SearchPlan Plan, IReadOnlyList<SettingResult> Screen, IReadOnlyList<SettingResult> Final, IReadOnlyList<SettingResult> Holdout);
