using NanoDps.FleetSim.Engine;
using ScottPlot;

namespace NanoDps.FleetSim.Report;

/// <summary>Draws "provisioned devices over time", one curve per policy and the ideal schedule, as a PNG.</summary>
public static class Chart
{
    private static readonly Color[] Colors =
    [
        new(0x1f, 0x77, 0xb4), // ours: blue
        new(0xd6, 0x27, 0x28), // sdk-c: red
        new(0x9e, 0x9e, 0x9e), // identity-service: grey
        new(0xff, 0x7f, 0x0e), // naive-fixed: orange
        new(0x2c, 0xa0, 0x2c),
        new(0x94, 0x67, 0xbd),
    ];

    /// <summary>Writes the chart of <paramref name="s"/> to <paramref name="path"/>.</summary>
    public static void Write(ScenarioResult s, string path, int width = 1000, int height = 560)
    {
        long end = Math.Max(s.IdealDoneTimes.LastOrDefault(), s.Results.Max(r => r.ProvisionedTimes.LastOrDefault()));
        double endSeconds = Math.Ceiling(end / 1000.0 * 1.05 / 10) * 10;
        var plot = new Plot();
        // Drawn in reverse so that the first policy (ours) lies on top.
        for (int i = s.Results.Count - 1; i >= 0; i--)
        {
            PolicyResult r = s.Results[i];
            string label = r.NeverProvisioned > 0 ? $"{r.Policy} ({r.NeverProvisioned:N0} never)" : r.Policy;
            AddCurve(plot, r.ProvisionedTimes, endSeconds, label, Colors[i % 4], LinePattern.Solid);
        }

        AddCurve(plot, s.IdealDoneTimes, endSeconds, "ideal (quota limit)", Colors[4], LinePattern.Dashed);
        plot.Title($"{s.Scenario.Title}: provisioned devices over time");
        plot.XLabel("seconds since the first boot");
        plot.YLabel("devices provisioned");
        plot.Axes.SetLimits(0, endSeconds, 0, s.Scenario.Devices * 1.03);
        plot.Legend.Alignment = Alignment.LowerRight;
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }

    /// <summary>
    /// Writes the load DPS sees to <paramref name="path"/>: for each 10 s of the run (or each
    /// Retry-After, when longer), the busiest second's requests (log scale), one curve per policy.
    /// </summary>
    public static void WriteLoad(ScenarioResult s, string path, int width = 1000, int height = 460)
    {
        var plot = new Plot();
        double endSeconds = 0;

        // Bins at least as long as a 429's Retry-After, so that a lock-step fleet shows as its peaks.
        int bin = Math.Max(10, s.Scenario.Dps.ThrottleRetryAfterSeconds);
        for (int i = s.Results.Count - 1; i >= 0; i--)
        {
            int[] perSecond = s.Results[i].RequestsPerSecond;
            int bins = (perSecond.Length + bin - 1) / bin;
            var xs = new double[bins];
            var ys = new double[bins];
            for (int b = 0; b < bins; b++)
            {
                int peak = 0;
                for (int k = b * bin; k < Math.Min(perSecond.Length, (b + 1) * bin); k++)
                {
                    peak = Math.Max(peak, perSecond[k]);
                }

                xs[b] = b * bin;
                ys[b] = Math.Log10(Math.Max(1, peak));
            }

            endSeconds = Math.Max(endSeconds, bins * bin);
            var line = plot.Add.ScatterLine(xs, ys, Colors[i % 4]);
            line.LegendText = s.Results[i].Policy;
            line.LineWidth = 2;
        }

        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.Title($"{s.Scenario.Title}: load at DPS (busiest second of every {bin} s)");
        plot.XLabel("seconds since the first boot");
        plot.YLabel("requests per second (log)");
        double quota = Math.Log10(s.Scenario.Dps.RegistrationsPerMinute / 60.0);
        var quotaLine = plot.Add.HorizontalLine(quota, 1, Colors[4], LinePattern.Dashed);
        quotaLine.LegendText = "registration quota per second";
        plot.Axes.SetLimits(0, Math.Min(endSeconds, Math.Ceiling(s.Results.Max(r => r.ProvisionedTimes.LastOrDefault()) / 1000.0 * 1.05 / 10) * 10 + 10), 0, Math.Log10(s.Scenario.Devices) + 0.3);
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }

    // A step curve sampled once per second: devices done by each second.
    private static void AddCurve(Plot plot, long[] sortedTimes, double endSeconds, string label, Color color, LinePattern pattern)
    {
        int points = (int)endSeconds + 1;
        var xs = new double[points];
        var ys = new double[points];
        int done = 0;
        for (int second = 0; second < points; second++)
        {
            while (done < sortedTimes.Length && sortedTimes[done] <= second * 1000L)
            {
                done++;
            }

            xs[second] = second;
            ys[second] = done;
        }

        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LegendText = label;
        line.LineWidth = 2;
        line.LinePattern = pattern;
    }
}
