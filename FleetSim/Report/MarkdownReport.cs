using System.Globalization;
using System.Text;
using NanoDps.FleetSim.Engine;
using NanoDps.FleetSim.Search;

namespace NanoDps.FleetSim.Report;

/// <summary>Writes docs/results/fleet-results.md: one table per scenario and the check of issue 6's targets.</summary>
public static class MarkdownReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The whole report.</summary>
    public static string Render(IReadOnlyList<ScenarioResult> scenarios, IReadOnlyList<Policy> policies, IReadOnlyList<(string Label, SettingResult Result)> targets, string command)
    {
        var md = new StringBuilder();
        md.AppendLine("# Fleet simulation results");
        md.AppendLine();
        md.AppendLine("Written by the fleet simulation (`FleetSim/`); see [explanation/fleet-model.md](../explanation/fleet-model.md) for the model and [explanation/backoff.md](../explanation/backoff.md) for how to read this. Regenerate with:");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("Times are seconds after the first device booted; in brackets, the difference to the ideal schedule (the quota's physical limit: one registration every 60/quota s, in boot order). "
            + "\"Requests\" counts every PUT and GET a device sent, throttled or not.");
        md.AppendLine();
        md.AppendLine("Policies:");
        md.AppendLine();
        foreach (Policy p in policies)
        {
            md.AppendLine($"- **{p.Name}**: {p.Summary}.");
        }

        md.AppendLine();
        if (targets.Count > 0)
        {
            AppendFleetTargets(md, targets);
        }

        Targets.AppendTo(md, scenarios);
        foreach (ScenarioResult s in scenarios)
        {
            AppendScenario(md, s);
        }

        return md.ToString();
    }

    private static void AppendScenario(StringBuilder md, ScenarioResult s)
    {
        Scenario sc = s.Scenario;
        var d = sc.Dps;
        md.AppendLine($"## {sc.Title}");
        md.AppendLine();
        md.AppendLine($"{sc.Devices.ToString("N0", Inv)} devices {sc.Boot.Describe()}; DPS: {d.RegistrationsPerMinute} registrations/min (burst {d.RegistrationBurst}), "
            + $"{d.OperationsPerMinute} operations/min (burst {d.OperationBurst}), {d.PollsPerDevice} polls per {d.PollWindowMilliseconds / 1000} s per device, "
            + $"429 with Retry-After {d.ThrottleRetryAfterSeconds} s, assignment {d.AssignmentLatencyMilliseconds / 1000.0:0.#} s after the PUT, "
            + $"202 with {(d.AssigningRetryAfterSeconds < 0 ? "no Retry-After" : $"Retry-After {d.AssigningRetryAfterSeconds} s")}; "
            + $"round trip {sc.RoundTripMilliseconds} ms; seed {sc.Seed}. "
            + $"Ideal: 50% at {Sec(s.Ideal(0.5))} s, 99% at {Sec(s.Ideal(0.99))} s, 100% at {Sec(s.Ideal(1.0))} s.");
        md.AppendLine();
        md.AppendLine($"![provisioned devices over time](fleet-{sc.Id}.png)");
        md.AppendLine();
        md.AppendLine($"![load at DPS](fleet-{sc.Id}-load.png)");
        md.AppendLine();
        md.AppendLine("| policy | 50% provisioned, s | 99% provisioned, s | 100% provisioned, s | never provisioned | requests | mean / worst per device | answered 429 | peak requests/s at DPS: all / retries and polls |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (PolicyResult r in s.Results)
        {
            md.AppendLine($"| {r.Policy} | {Time(r, s, 0.5)} | {Time(r, s, 0.99)} | {Time(r, s, 1.0)} | {r.NeverProvisioned.ToString("N0", Inv)} | {r.TotalRequests.ToString("N0", Inv)} "
                + $"| {r.MeanRequests.ToString("0.00", Inv)} / {r.WorstRequests} | {r.Throttled.ToString("N0", Inv)} ({Percent(r.Throttled, r.TotalRequests)}) | {r.PeakRequestsPerSecond.ToString("N0", Inv)} / {r.PeakLaterRequestsPerSecond.ToString("N0", Inv)} |");
        }

        md.AppendLine();
        md.AppendLine("<details><summary>More per policy</summary>");
        md.AppendLine();
        md.AppendLine("| policy | PUT / GET sent | 429 for the 5-polls-per-10-s limit | p50 / p99 requests per device | gave up | flows restarted after the deadline | shortest gap between two requests of a device, s | two requests in flight | virtual end, s | events | run time, s |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (PolicyResult r in s.Results)
        {
            md.AppendLine($"| {r.Policy} | {r.Registrations.ToString("N0", Inv)} / {r.Polls.ToString("N0", Inv)} | {r.ThrottledByPollLimit.ToString("N0", Inv)} | {r.RequestsQuantile(0.5)} / {r.RequestsQuantile(0.99)} "
                + $"| {r.GaveUp.ToString("N0", Inv)} | {r.Restarts.ToString("N0", Inv)} | {Sec(r.MinRequestGapMilliseconds)} | {r.InFlightViolations} | {Sec(r.EndMilliseconds)} | {r.Events.ToString("N0", Inv)} | {r.Elapsed.TotalSeconds.ToString("0.00", Inv)} |");
        }

        md.AppendLine();
        md.AppendLine("</details>");
        md.AppendLine();
    }

    private static void AppendFleetTargets(StringBuilder md, IReadOnlyList<(string Label, SettingResult Result)> settings)
    {
        SettingResult targets = settings[0].Result;
        IReadOnlyList<long> seeds = targets.Cells[0].Runs.Select(r => r.Seed).ToArray();
        md.AppendLine("## Issue 12 targets: ours in every fleet");
        md.AppendLine();
        md.AppendLine($"\"ours\" alone, all boards booting at once, seeds {string.Join(", ", seeds)}; at 1,000 registrations/min (burst 100) and at 100/min (burst 10, operations alike); "
            + "the other DPS parameters as in the runs below. The request limits of 10,000 and 30,000 boards also hold their 100/min twins (1,000 and 3,000 boards), which drain in the same time.");
        md.AppendLine();
        md.AppendLine("![99% provisioned after the ideal, every fleet](fleet-sizes.png)");
        md.AppendLine();
        md.AppendLine("| target | measured | met |");
        md.AppendLine("| --- | --- | :---: |");
        foreach (TargetRow r in FleetTargets.Check(targets.Cells))
        {
            md.AppendLine($"| {r.Target} | {r.Measured} | {(r.Met is null ? "–" : r.Met.Value ? "yes" : "**no**")} |");
        }

        md.AppendLine();
        if (settings.Count > 1)
        {
            md.AppendLine("Beside " + string.Join(" and ", settings.Skip(1).Select(s => s.Label)) + " (each cell: 99% provisioned, seconds after the ideal, mean over the seeds with the latest seed in brackets; mean / worst requests per board):");
            md.AppendLine();
            md.AppendLine("| fleet | ideal 99%, s | " + string.Join(" | ", settings.Select(s => s.Label)) + " |");
            md.AppendLine("| --- | ---: |" + string.Concat(Enumerable.Repeat(" ---: |", settings.Count)));
            for (int i = 0; i < targets.Cells.Count; i++)
            {
                FleetSpec fleet = targets.Cells[i].Fleet;
                long[] ideal = IdealSchedule.DoneTimes(new long[fleet.Devices], fleet.RegistrationsPerMinute);
                md.Append($"| {fleet.Title} | {Sec(IdealSchedule.TimeToFraction(ideal, fleet.Devices, 0.99))} |");
                foreach (var (_, result) in settings)
                {
                    CellResult c = result.Cells[i];
                    md.Append($" {FleetTargets.Signed(c.MeanOver99)} ({FleetTargets.Signed(c.WorstOver99)}); {c.MeanRequests.ToString("0.00", Inv)} / {c.WorstRequests} |");
                }

                md.AppendLine();
            }

            md.AppendLine();
        }

        md.AppendLine("Every fleet and seed (times in seconds after the ideal, the quota's limit):");
        md.AppendLine();
        md.AppendLine("| fleet | ideal 50% / 99%, s | seed | 50% provisioned | 99% provisioned | mean / worst requests per board | never provisioned |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (CellResult c in targets.Cells)
        {
            long[] ideal = IdealSchedule.DoneTimes(new long[c.Fleet.Devices], c.Fleet.RegistrationsPerMinute);
            string idealText = $"{Sec(IdealSchedule.TimeToFraction(ideal, c.Fleet.Devices, 0.5))} / {Sec(IdealSchedule.TimeToFraction(ideal, c.Fleet.Devices, 0.99))}";
            foreach (SeedRun r in c.Runs)
            {
                md.AppendLine($"| {c.Fleet.Title} | {idealText} | {r.Seed} | {FleetTargets.Signed(r.Over50Seconds)} | {FleetTargets.Signed(r.Over99Seconds)} | {r.MeanRequests.ToString("0.00", Inv)} / {r.WorstRequests} | {r.NeverProvisioned} |");
            }
        }

        md.AppendLine();
    }

    /// <summary>"612.1 (+18.1)", or "never (n/N)" when the fraction was not reached.</summary>
    public static string Time(PolicyResult r, ScenarioResult s, double fraction)
    {
        long? t = r.TimeToFraction(fraction);
        if (t is null)
        {
            return $"never ({r.Provisioned.ToString("N0", Inv)} of {r.Devices.ToString("N0", Inv)})";
        }

        double over = (t.Value - s.Ideal(fraction)) / 1000.0;
        return $"{Sec(t.Value)} ({(over >= 0 ? "+" : "−")}{Math.Abs(over).ToString("0.0", Inv)})";
    }

    /// <summary>Milliseconds as seconds with one decimal.</summary>
    public static string Sec(long milliseconds) => (milliseconds / 1000.0).ToString("0.0", Inv);

    private static string Percent(long part, long whole) => whole == 0 ? "0%" : ((double)part / whole).ToString("0%", Inv);
}
