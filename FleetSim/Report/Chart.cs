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
        AddCurve(plot, s.IdealDoneTimes, endSeconds, "ideal (quota limit)", Colors[4], LinePattern.Dashed);
        for (int i = 0; i < s.Results.Count; i++)
        {
            PolicyResult r = s.Results[i];
            string label = r.NeverProvisioned > 0 ? $"{r.Policy} ({r.NeverProvisioned:N0} never)" : r.Policy;
            AddCurve(plot, r.ProvisionedTimes, endSeconds, label, Colors[i % 4], LinePattern.Solid);
        }

        plot.Title($"{s.Scenario.Title}: provisioned devices over time");
        plot.XLabel("seconds since the first boot");
        plot.YLabel("devices provisioned");
        plot.Axes.SetLimits(0, endSeconds, 0, s.Scenario.Devices * 1.03);
        plot.Legend.Alignment = Alignment.LowerRight;
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
