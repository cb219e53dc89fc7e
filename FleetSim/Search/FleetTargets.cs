using System.Globalization;

namespace NanoDps.FleetSim.Search;

/// <summary>
/// Issue 12's targets for "ours", all boards booting at once, over several seeds: in every fleet the
/// 99% mark lands on average within ideal + 30 s and no seed later than ideal + 45 s, every board is
/// provisioned, the worst board sends at most 2.5x the mean; at 10,000 boards the mean is at most 8
/// requests and at 30,000 at most 14.
/// </summary>
public static class FleetTargets
{
    /// <summary>Slack over the ideal for the 99% mark, averaged over the seeds.</summary>
    public const double MeanSlackSeconds = 30;

    /// <summary>Slack over the ideal for the 99% mark in any one seed.</summary>
    public const double SeedSlackSeconds = 45;

    /// <summary>Most requests of the worst board, as a multiple of the mean.</summary>
    public const double MaxWorstToMean = 2.5;

    /// <summary>Most mean requests per board, by fleet size at 1,000/min (and its 10x smaller twin at 100/min, which drains in the same time).</summary>
    public static IReadOnlyList<(long Devices, double MaxMeanRequests)> RequestLimits { get; } = [(10_000, 8), (30_000, 14)];

    /// <summary>The fleets of the issue: nine sizes at 1,000/min (burst 100) and two at 100/min (burst 10).</summary>
    public static IReadOnlyList<FleetSpec> Fleets { get; } =
        [new(300), new(1000), new(2000), new(3000), new(5000), new(7000), new(10_000), new(20_000), new(30_000), new(300, 100), new(1000, 100)];

    /// <summary>
    /// The cheap stand-ins the search screens with: the sizes up to 3,000 themselves, the larger
    /// ones as their 10x smaller twins at 100/min (5,000 as 500@100 ... 30,000 as 3000@100), and the
    /// issue's own 100/min fleets. About a fifth of the cost of <see cref="Fleets"/>.
    /// </summary>
    public static IReadOnlyList<FleetSpec> ScreenFleets { get; } =
        [new(300), new(1000), new(2000), new(3000), new(300, 100), new(500, 100), new(700, 100), new(1000, 100), new(2000, 100), new(3000, 100)];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// How close a setting comes to its tightest target: the largest of, over every cell, mean 99%
    /// over ideal / 30 s, worst seed's / 45 s, worst-to-mean requests / 2.5, and mean requests / the
    /// limit where one applies. At most 1 when every target is met; lower means more margin on the
    /// tightest one. A board never provisioned makes it infinite.
    /// </summary>
    public static double Score(IReadOnlyList<CellResult> cells)
    {
        double score = double.NegativeInfinity;
        foreach (CellResult c in cells)
        {
            if (c.NeverProvisioned > 0)
            {
                return double.PositiveInfinity;
            }

            score = Math.Max(score, Math.Max(c.MeanOver99 / MeanSlackSeconds, c.WorstOver99 / SeedSlackSeconds));
            score = Math.Max(score, c.WorstToMean / MaxWorstToMean);
            if (RequestLimit(c.Fleet) is double limit)
            {
                score = Math.Max(score, c.MeanRequests / limit);
            }
        }

        return score;
    }

    /// <summary>The mean-requests limit for <paramref name="fleet"/>, or null.</summary>
    public static double? RequestLimit(FleetSpec fleet)
    {
        foreach (var (devices, max) in RequestLimits)
        {
            if (fleet.EquivalentDevices == devices)
            {
                return max;
            }
        }

        return null;
    }

    /// <summary>One checked target per cell: the 99% times and the requests, with every seed's number.</summary>
    public static IReadOnlyList<TargetRow> Check(IReadOnlyList<CellResult> cells)
    {
        var rows = new List<TargetRow>();
        foreach (CellResult c in cells)
        {
            string seeds = string.Join(", ", c.Runs.Select(r => Signed(r.Over99Seconds)));
            string time = $"{Signed(c.MeanOver99)} s on average (seeds {string.Join(", ", c.Runs.Select(r => r.Seed))}: {seeds}); {c.NeverProvisioned} never provisioned";
            bool timeMet = c.MeanOver99 <= MeanSlackSeconds && c.WorstOver99 <= SeedSlackSeconds && c.NeverProvisioned == 0;
            rows.Add(new TargetRow($"{c.Fleet.Title} at once: 99% within ideal + {MeanSlackSeconds:0} s on average, no seed past + {SeedSlackSeconds:0} s, every board provisioned", time, timeMet));

            double? limit = RequestLimit(c.Fleet);
            string requests = $"mean {c.MeanRequests.ToString("0.00", Inv)} (seeds {string.Join(", ", c.Runs.Select(r => r.MeanRequests.ToString("0.00", Inv)))}), worst {c.WorstRequests} = {c.WorstToMean.ToString("0.00", Inv)}x the mean";
            bool requestsMet = c.WorstToMean <= MaxWorstToMean && (limit is null || c.MeanRequests <= limit);
            string target = limit is null
                ? $"{c.Fleet.Title} at once: worst board ≤ {MaxWorstToMean.ToString("0.0", Inv)}x the mean requests"
                : $"{c.Fleet.Title} at once: mean ≤ {limit.Value.ToString("0", Inv)} requests per board, worst board ≤ {MaxWorstToMean.ToString("0.0", Inv)}x the mean";
            rows.Add(new TargetRow(target, requests, requestsMet));
        }

        return rows;
    }

    /// <summary>"+12.3" / "−4.0", or "never".</summary>
    public static string Signed(double seconds) => double.IsPositiveInfinity(seconds)
        ? "never"
        : (seconds < 0 ? "−" : "+") + Math.Abs(seconds).ToString("0.0", Inv);
}

/// <summary>One checked target: what it asks, what was measured, whether it is met (null: shown, not judged).</summary>
public sealed record TargetRow(string Target, string Measured, bool? Met);
