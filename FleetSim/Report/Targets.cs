using System.Globalization;
using System.Text;
using NanoDps.FleetSim.Engine;
using NanoDps.FleetSim.Search;

namespace NanoDps.FleetSim.Report;

/// <summary>Issue 6's targets, checked against the runs: one row per target with the measured numbers.</summary>
public static class Targets
{
    /// <summary>Slack allowed over the ideal at 99%, seconds.</summary>
    public const double SlackSeconds = 30;

    /// <summary>Most mean requests per device allowed in the main run.</summary>
    public const double MaxMeanRequests = 8;

    /// <summary>Most requests one device may send in the main run.</summary>
    public const int MaxWorstRequests = 16;

    /// <summary>Least ratio of sdk-c's requests to ours.</summary>
    public const double MinSdkCRequestRatio = 10;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The rows for <paramref name="scenarios"/>; the first scenario is the main run.</summary>
    public static IReadOnlyList<TargetRow> Check(IReadOnlyList<ScenarioResult> scenarios)
    {
        var rows = new List<TargetRow>();
        if (scenarios.Count == 0)
        {
            return rows;
        }

        ScenarioResult main = scenarios[0];
        PolicyResult? ours = main.Of("ours");
        if (ours is null)
        {
            return rows;
        }

        string n = main.Scenario.Devices.ToString("N0", Inv);
        double over = OverIdeal(ours, main, 0.99);
        rows.Add(new TargetRow($"{n} at once: ours 99% within ideal + {SlackSeconds:0} s", $"{Sec(ours.TimeToFraction(0.99))} s = ideal {Sec(main.Ideal(0.99))} s {Signed(over)} s", over <= SlackSeconds));
        rows.Add(new TargetRow($"{n} at once: ours mean ≤ {MaxMeanRequests:0} requests per device", ours.MeanRequests.ToString("0.00", Inv), ours.MeanRequests <= MaxMeanRequests));
        rows.Add(new TargetRow($"{n} at once: ours no device above {MaxWorstRequests} requests", $"worst {ours.WorstRequests}", ours.WorstRequests <= MaxWorstRequests));
        rows.Add(new TargetRow($"{n} at once: ours provisions every device", $"{ours.NeverProvisioned} never provisioned", ours.NeverProvisioned == 0));

        PolicyResult? sdk = main.Of("sdk-c");
        if (sdk is not null)
        {
            double lead = (Ms(ours.TimeToFraction(0.99)) - Ms(sdk.TimeToFraction(0.99))) / 1000.0;
            double ratio = (double)sdk.TotalRequests / ours.TotalRequests;
            rows.Add(new TargetRow("sdk-c beats ours at 99% by at most 30 s", $"sdk-c {Sec(sdk.TimeToFraction(0.99))} s, ours {Sec(ours.TimeToFraction(0.99))} s: sdk-c ahead by {lead.ToString("0.0", Inv)} s", lead <= SlackSeconds));
            rows.Add(new TargetRow($"… while using ≥ {MinSdkCRequestRatio:0}x our requests", $"{sdk.TotalRequests.ToString("N0", Inv)} vs {ours.TotalRequests.ToString("N0", Inv)} = {ratio.ToString("0.0", Inv)}x", ratio >= MinSdkCRequestRatio));
        }

        PolicyResult? identity = main.Of("identity-service");
        if (identity is not null)
        {
            string measured = identity.NeverProvisioned > 0
                ? $"gives up on {identity.NeverProvisioned.ToString("N0", Inv)} of {n} devices ({Percent(identity.NeverProvisioned, identity.Devices)}); "
                    + $"its last success at {Sec(identity.ProvisionedTimes.LastOrDefault())} s; ours has 100% at {Sec(ours.TimeToFraction(1.0))} s"
                : $"100% at {Sec(identity.TimeToFraction(1.0))} s vs ours {Sec(ours.TimeToFraction(1.0))} s: {((Ms(identity.TimeToFraction(1.0)) - Ms(ours.TimeToFraction(1.0))) / 1000.0).ToString("0", Inv)} s later";
            rows.Add(new TargetRow("identity-service gives up or finishes far later (report)", measured, null));
        }

        foreach (ScenarioResult s in scenarios.Skip(1))
        {
            PolicyResult? o = s.Of("ours");
            if (o is null)
            {
                continue;
            }

            double sOver = OverIdeal(o, s, 0.99);

            // The issue sets the target for fleets booting at once against the calibrated DPS model;
            // other boot patterns and DPS settings are shown against the same yardstick, unjudged.
            bool targeted = s.Scenario.Boot.Kind == BootKind.AllAtOnce && s.Scenario.Dps == main.Scenario.Dps;
            string target = $"{s.Scenario.Title}: ours 99% within ideal + {SlackSeconds:0} s" + (targeted ? string.Empty : " (no target in the issue; same yardstick)");
            string measuredText = $"{Sec(o.TimeToFraction(0.99))} s = ideal {Sec(s.Ideal(0.99))} s {Signed(sOver)} s; {o.MeanRequests.ToString("0.00", Inv)} requests per device (worst {o.WorstRequests}), {o.NeverProvisioned} never provisioned";
            rows.Add(new TargetRow(target, measuredText, targeted ? sOver <= SlackSeconds : null));
        }

        return rows;
    }

    /// <summary>Appends the targets table.</summary>
    public static void AppendTo(StringBuilder md, IReadOnlyList<ScenarioResult> scenarios)
    {
        IReadOnlyList<TargetRow> rows = Check(scenarios);
        if (rows.Count == 0)
        {
            return;
        }

        md.AppendLine("## Issue 6 targets");
        md.AppendLine();
        md.AppendLine("| target | measured | met |");
        md.AppendLine("| --- | --- | :---: |");
        foreach (TargetRow r in rows)
        {
            md.AppendLine($"| {r.Target} | {r.Measured} | {(r.Met is null ? "–" : r.Met.Value ? "yes" : "**no**")} |");
        }

        md.AppendLine();
    }

    private static double OverIdeal(PolicyResult r, ScenarioResult s, double fraction) =>
        r.TimeToFraction(fraction) is long t ? (t - s.Ideal(fraction)) / 1000.0 : double.PositiveInfinity;

    private static long Ms(long? t) => t ?? long.MaxValue / 4;

    private static string Sec(long? ms) => ms is long v ? (v / 1000.0).ToString("0.0", Inv) : "never";

    private static string Signed(double seconds) => double.IsInfinity(seconds) ? "+∞" : (seconds >= 0 ? "+ " : "− ") + Math.Abs(seconds).ToString("0.0", Inv);

    private static string Percent(long part, long whole) => ((double)part / whole).ToString("0%", Inv);
}
