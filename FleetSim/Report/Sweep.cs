using System.Globalization;
using System.Text;
using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Engine;
using NanoDps.Provisioning;

namespace NanoDps.FleetSim.Report;

/// <summary>
/// Runs "ours" with several back-off settings over several fleet sizes (all booting at once) and
/// tabulates how far 99% lands from the ideal and how many requests each device sends: the
/// evidence for choosing the defaults in Backoff.cs.
/// </summary>
public static class Sweep
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One back-off setting.</summary>
    public sealed record Setting(int FirstWindowMilliseconds, int MaxWindowMilliseconds, int JitterPercent, int DeadlineSeconds = DeviceConfig.DefaultDeadlineSeconds)
    {
        /// <summary>"24/130/75%".</summary>
        public override string ToString() =>
            $"{FirstWindowMilliseconds / 1000.0:0.#} / {MaxWindowMilliseconds / 1000.0:0.#} / {JitterPercent}%"
            + (DeadlineSeconds != DeviceConfig.DefaultDeadlineSeconds ? $", deadline {DeadlineSeconds} s" : string.Empty);
    }

    /// <summary>One cell: a setting at one fleet size, averaged over seeds.</summary>
    public sealed record Cell(Setting Setting, int Devices, double OverIdeal99, double WorstOverIdeal99, double MeanRequests, int WorstRequests);

    /// <summary>Runs every setting at every size with every seed, in parallel.</summary>
    public static IReadOnlyList<Cell> Run(Scenario baseline, IReadOnlyList<Setting> settings, IReadOnlyList<int> sizes, IReadOnlyList<long> seeds)
    {
        var jobs = (from s in settings from n in sizes from seed in seeds select (s, n, seed)).ToArray();
        var results = new (Setting S, int N, double Over, double Mean, int Worst)[jobs.Length];
        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (s, n, seed) = jobs[i];
            var scenario = baseline with { Devices = n, Seed = seed, Boot = BootPattern.AllAtOnce };
            var options = new CoreDeviceOptions
            {
                Backoff = new Backoff { FirstWindowMilliseconds = s.FirstWindowMilliseconds, MaxWindowMilliseconds = s.MaxWindowMilliseconds, JitterPercent = s.JitterPercent },
                DeadlineSeconds = s.DeadlineSeconds,
            };
            PolicyResult r = FleetSimulation.Run(scenario, Policy.Ours(options));
            long ideal = IdealSchedule.TimeToFraction(IdealSchedule.DoneTimes(new long[n], scenario.Dps.RegistrationsPerMinute), n, 0.99);
            double over = r.TimeToFraction(0.99) is long t ? (t - ideal) / 1000.0 : double.PositiveInfinity;
            results[i] = (s, n, over, r.MeanRequests, r.WorstRequests);
        });
        return results
            .GroupBy(x => (x.S, x.N))
            .Select(g => new Cell(g.Key.S, g.Key.N, g.Average(x => x.Over), g.Max(x => x.Over), g.Average(x => x.Mean), g.Max(x => x.Worst)))
            .ToList();
    }

    /// <summary>A markdown table: one row per setting, one column per size ("+18 s, 7.3 (13)").</summary>
    public static string Render(IReadOnlyList<Cell> cells, IReadOnlyList<int> sizes, IReadOnlyList<long> seeds, int throttleRetryAfterSeconds, string command)
    {
        var md = new StringBuilder();
        md.AppendLine("# Back-off sweep");
        md.AppendLine();
        md.AppendLine("Written by `FleetSim sweep` (see [fleet.md](fleet.md)); regenerate with:");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine($"\"ours\" (the real core) with each back-off setting (first window / largest window / jitter share), every fleet booting at once, DPS as in fleet-results.md with 429 Retry-After {throttleRetryAfterSeconds} s. "
            + $"Each cell: seconds by which 99% provisioned lands after the ideal (mean over seeds {string.Join(", ", seeds)}; the worst seed in brackets), "
            + "then mean requests per device and the most any device sent. The last column is the worst cell of the row.");
        md.AppendLine();
        md.Append("| setting |");
        foreach (int n in sizes)
        {
            md.Append($" {n.ToString("N0", Inv)} |");
        }

        md.AppendLine(" worst 99% over ideal |");
        md.Append("| --- |");
        md.Append(string.Concat(Enumerable.Repeat(" ---: |", sizes.Count)));
        md.AppendLine(" ---: |");
        foreach (var row in cells.GroupBy(c => c.Setting))
        {
            md.Append($"| {row.Key} |");
            foreach (int n in sizes)
            {
                Cell c = row.First(x => x.Devices == n);
                md.Append($" {Signed(c.OverIdeal99)} s ({Signed(c.WorstOverIdeal99)}), {c.MeanRequests.ToString("0.0", Inv)} ({c.WorstRequests}) |");
            }

            md.AppendLine($" {Signed(row.Max(c => c.WorstOverIdeal99))} s |");
        }

        return md.ToString();
    }

    private static string Signed(double seconds)
    {
        double rounded = Math.Round(seconds);
        return (rounded < 0 ? "−" : "+") + Math.Abs(rounded).ToString("0", Inv);
    }
}
