using System.Globalization;
using System.Text;
using NanoDps.FleetSim.Search;

namespace NanoDps.FleetSim.Report;

/// <summary>
/// Writes docs/results/fleet-sweep.md: the back-off search, stage by stage, and the frontier between tail time and requests, as
/// summary tables; every setting of every stage is in the CSV beside it (<see cref="SweepData"/>), drawn in its chart
/// (<see cref="SweepChart"/>).
/// </summary>
public static class SweepReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>How many of the screen's settings the report lists; the CSV has them all.</summary>
    public const int ScreenRows = 10;

    /// <summary>
    /// The whole report of <paramref name="result"/>, made by <paramref name="command"/>; <paramref name="dataName"/> is the
    /// file name, without extension, of the CSV and the chart written beside it.
    /// </summary>
    public static string Render(SearchResult result, string command, string dataName)
    {
        SearchPlan plan = result.Plan;
        var md = new StringBuilder();
        md.AppendLine("# Back-off search");
        md.AppendLine();
        md.AppendLine("Written by `FleetSim sweep` (see [explanation/backoff.md](../explanation/backoff.md#choosing-the-back-off)); regenerate with:");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine($"Every setting of every stage is in [{dataName}.csv]({dataName}.csv), one row each; the chart below is drawn from it.");
        md.AppendLine();
        md.AppendLine($"![each setting's tail against its requests]({dataName}.png)");
        md.AppendLine();
        md.AppendLine($"\"ours\" (the real core) with each back-off setting, every fleet booting at once; DPS as in fleet-results.md, 429 with Retry-After {plan.Baseline.Dps.ThrottleRetryAfterSeconds} s. "
            + "A setting reads *first window / cap / jitter share, growth of the cap*: the window doubles from the first window up to the cap, "
            + "then (when it grows) gains the given seconds with every further failure in a row, up to "
            + $"{BackoffSetting.Default.MaxWindowMilliseconds / 1000} s; the wait is drawn over the top share of the window (from the growth on, over the late share when one is given).");
        md.AppendLine();
        md.AppendLine("**Score**: the tightest target's use: the largest of, over every fleet, mean 99% over ideal / 30 s, the worst seed's / 45 s, "
            + "worst board's requests / mean / 2.5, and mean requests / 8 (10,000 boards, or 1,000 at 100/min) or / 14 (30,000, or 3,000 at 100/min). "
            + "At most 1.00 when every target is met; lower is more margin. Settings are ranked by it.");
        md.AppendLine();
        AppendStages(md, result);
        AppendFinal(md, "Final stage", result.Final, plan.Seeds, plan.Fleets);
        if (result.Holdout.Count > 0)
        {
            AppendFinal(md, "Holdout: the best again, with seeds the ranking never saw", result.Holdout, plan.HoldoutSeeds, plan.Fleets);
        }

        AppendFrontier(md, result.Final);
        if (result.Screen.Count > 0)
        {
            AppendScreen(md, result.Screen, plan, dataName);
        }

        return md.ToString();
    }

    private static void AppendStages(StringBuilder md, SearchResult result)
    {
        SearchPlan plan = result.Plan;
        md.AppendLine("## The search");
        md.AppendLine();
        md.AppendLine($"- grid: {plan.Grid.Count} settings ({Dimensions(plan.Grid)})");
        if (result.Screen.Count > 0)
        {
            int met = result.Screen.Count(r => r.Score <= 1);
            md.AppendLine($"- screen: every setting on {Fleets(plan.ScreenFleets)} with seed{(plan.ScreenSeeds.Count > 1 ? "s" : string.Empty)} {string.Join(", ", plan.ScreenSeeds)}; "
                + $"{met} of {result.Screen.Count} meet every target there; the best {plan.Keep} go on");
        }

        if (plan.AlwaysInclude.Count > 0)
        {
            md.AppendLine($"- always in the final stage, for comparison: {string.Join("; ", plan.AlwaysInclude)}");
        }

        md.AppendLine($"- final: {result.Final.Count} settings on {Fleets(plan.Fleets)} with seeds {string.Join(", ", plan.Seeds)}; {result.Final.Count(r => r.Score <= 1)} meet every target");
        if (result.Holdout.Count > 0)
        {
            md.AppendLine($"- holdout: the best {result.Holdout.Count} with seeds {string.Join(", ", plan.HoldoutSeeds)}; {result.Holdout.Count(r => r.Score <= 1)} meet every target");
        }

        md.AppendLine();
    }

    private static void AppendFinal(StringBuilder md, string title, IReadOnlyList<SettingResult> results, IReadOnlyList<long> seeds, IReadOnlyList<FleetSpec> fleets)
    {
        md.AppendLine($"## {title}");
        md.AppendLine();
        md.AppendLine($"Each cell: 99% provisioned, seconds after the ideal, mean over seeds {string.Join(", ", seeds)} (the worst seed in brackets); "
            + "mean requests per board (the most any board sent).");
        md.AppendLine();
        md.Append("| setting | score |");
        foreach (FleetSpec f in fleets)
        {
            md.Append($" {f.Title} |");
        }

        md.AppendLine();
        md.Append("| --- | ---: |");
        md.AppendLine(string.Concat(Enumerable.Repeat(" ---: |", fleets.Count)));
        foreach (SettingResult r in results)
        {
            md.Append($"| {r.Setting} | {Score(r.Score)} |");
            foreach (CellResult c in r.Cells)
            {
                md.Append($" {Whole(c.MeanOver99)} ({Whole(c.WorstOver99)}), {c.MeanRequests.ToString("0.0", Inv)} ({c.WorstRequests}) |");
            }

            md.AppendLine();
        }

        md.AppendLine();
    }

    private static void AppendFrontier(StringBuilder md, IReadOnlyList<SettingResult> final)
    {
        md.AppendLine("## The frontier between tail time and requests");
        md.AppendLine();
        md.AppendLine("The final stage's settings that no other beats on both the latest fleet's mean 99% over ideal and the mean requests at 30,000 boards, "
            + "from the fewest requests to the shortest tail:");
        md.AppendLine();
        md.AppendLine("| setting | latest fleet: mean 99% over ideal, s | worst seed, s | requests per board at 10,000 / 30,000 | score |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (SettingResult r in BackoffSearch.Frontier(final, 30_000))
        {
            CellResult latest = r.Cells.MaxBy(c => c.MeanOver99)!;
            md.AppendLine($"| {r.Setting} | {Whole(r.WorstMeanOver99)} ({latest.Fleet.Title}) | {Whole(r.WorstSeedOver99)} | {r.RequestsAt(10_000).ToString("0.00", Inv)} / {r.RequestsAt(30_000).ToString("0.00", Inv)} | {Score(r.Score)} |");
        }

        md.AppendLine();
    }

    private static void AppendScreen(StringBuilder md, IReadOnlyList<SettingResult> screen, SearchPlan plan, string dataName)
    {
        md.AppendLine("## Screen");
        md.AppendLine();
        md.AppendLine($"The best {Math.Min(ScreenRows, screen.Count)} of the grid's {screen.Count} settings on the stand-in fleets (every one: [{dataName}.csv]({dataName}.csv), stage `screen`). The 10,000 and 30,000 requests are measured on their stand-ins "
            + $"({string.Join(", ", plan.ScreenFleets.Where(f => FleetTargets.RequestLimit(f) is not null && f.RegistrationsPerMinute != FleetSpec.DefaultRate))}).");
        md.AppendLine();
        md.AppendLine("| rank | setting | score | latest fleet: mean 99% over ideal, s | requests per board at 10,000 / 30,000 |");
        md.AppendLine("| ---: | --- | ---: | ---: | ---: |");
        int rank = 0;
        foreach (SettingResult r in screen.Take(ScreenRows))
        {
            rank++;
            CellResult latest = r.Cells.MaxBy(c => c.MeanOver99)!;
            md.AppendLine($"| {rank} | {r.Setting} | {Score(r.Score)} | {Whole(r.WorstMeanOver99)} ({latest.Fleet.Title}) | {r.RequestsAt(10_000).ToString("0.00", Inv)} / {r.RequestsAt(30_000).ToString("0.00", Inv)} |");
        }

        md.AppendLine();
    }

    private static string Dimensions(IReadOnlyList<BackoffSetting> grid)
    {
        static string Values(IEnumerable<int> values, Func<int, string> show) => string.Join(", ", values.Distinct().Order().Select(show));
        static string S(int ms) => (ms / 1000.0).ToString("0.#", Inv);
        var growing = grid.Where(s => s.Grows).ToList();
        return $"first window {Values(grid.Select(s => s.FirstWindowMilliseconds), S)} s; cap {Values(grid.Select(s => s.CapWindowMilliseconds), S)} s; "
            + $"jitter {Values(grid.Select(s => s.JitterPercent), v => v + "%")}; "
            + (growing.Count == 0 ? "the cap never grows" : $"the cap fixed or growing by {Values(growing.Select(s => s.CapGrowthMilliseconds), S)} s per failure from failure {Values(growing.Select(s => s.CapGrowthAfterFailures + 1), v => v.ToString(Inv))}")
            + (growing.Any(s => s.LateJitterPercent > 0) ? $", from then on with jitter {Values(growing.Select(s => s.LateJitterPercent), v => v == 0 ? "unchanged" : v + "%")}" : string.Empty);
    }

    private static string Fleets(IReadOnlyList<FleetSpec> fleets) => string.Join(", ", fleets.Select(f => f.ToString()));

    private static string Score(double score) => double.IsPositiveInfinity(score) ? "∞" : score.ToString("0.00", Inv);

    private static string Whole(double seconds) => double.IsPositiveInfinity(seconds) ? "never" : (Math.Round(seconds) < 0 ? "−" : "+") + Math.Abs(Math.Round(seconds)).ToString("0", Inv);
}
