using NanoDps.FleetSim.Search;
using ScottPlot;

namespace NanoDps.FleetSim.Report;

/// <summary>Draws issue 12's fleets: how far 99% provisioned lands after the ideal, per back-off setting, with the targets.</summary>
public static class SizeChart
{
    private static readonly Color[] Colors = [new(0x1f, 0x77, 0xb4), new(0x9e, 0x9e, 0x9e), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c)];

    /// <summary>Writes the chart of <paramref name="settings"/> (the first is ours) to <paramref name="path"/>.</summary>
    public static void Write(IReadOnlyList<(string Label, SettingResult Result)> settings, string path, int width = 1100, int height = 600)
    {
        var plot = new Plot();
        IReadOnlyList<CellResult> cells = settings[0].Result.Cells;
        double top = FleetTargets.SeedSlackSeconds;
        for (int s = settings.Count - 1; s >= 0; s--)
        {
            double[] xs = Enumerable.Range(0, cells.Count).Select(i => (double)i).ToArray();
            double[] means = settings[s].Result.Cells.Select(c => c.MeanOver99).ToArray();
            double[] worst = settings[s].Result.Cells.Select(c => c.WorstOver99).ToArray();
            top = Math.Max(top, worst.Where(double.IsFinite).DefaultIfEmpty(0).Max());
            var mean = plot.Add.ScatterLine(xs, means, Colors[s % Colors.Length]);
            mean.LegendText = $"{settings[s].Label}: mean over seeds";
            mean.LineWidth = 2;
            mean.MarkerSize = 7;
            var late = plot.Add.ScatterPoints(xs, worst, Colors[s % Colors.Length]);
            late.LegendText = $"{settings[s].Label}: latest seed";
            late.MarkerShape = MarkerShape.OpenCircle;
            late.MarkerSize = 8;
        }

        var meanLimit = plot.Add.HorizontalLine(FleetTargets.MeanSlackSeconds, 1, Colors[3], LinePattern.Dashed);
        meanLimit.LegendText = $"target: mean within ideal + {FleetTargets.MeanSlackSeconds:0} s";
        var seedLimit = plot.Add.HorizontalLine(FleetTargets.SeedSlackSeconds, 1, Colors[3], LinePattern.Dotted);
        seedLimit.LegendText = $"target: every seed within ideal + {FleetTargets.SeedSlackSeconds:0} s";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, cells.Count).Select(i => (double)i).ToArray(),
            cells.Select(c => c.Fleet.RegistrationsPerMinute == FleetSpec.DefaultRate ? c.Fleet.Devices.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : $"{c.Fleet.Devices.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}@{c.Fleet.RegistrationsPerMinute}").ToArray());
        plot.Title("All boards booting at once: 99% provisioned, seconds after the quota's limit");
        plot.XLabel("boards at 1,000 registrations/min (n@100: at 100/min)");
        plot.YLabel("seconds after the ideal");
        plot.Axes.SetLimits(-0.5, cells.Count - 0.5, Math.Min(0, settings.Min(s => s.Result.Cells.Min(c => c.MeanOver99))) - 5, top * 1.1 + 5);
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(path, width, height);
    }
}
