using NanoDps.FleetSim.Search;
using ScottPlot;

namespace NanoDps.FleetSim.Report;

/// <summary>Draws a back-off search from its CSV rows: each setting's tail against its requests, with the targets.</summary>
public static class SweepChart
{
    /// <summary>Writes the chart of <paramref name="rows"/> to <paramref name="path"/>.</summary>
    public static void Write(IReadOnlyList<SweepRow> rows, string path, int width = 1100, int height = 600)
    {
        var plot = new Plot();
        Points(plot, rows.Where(r => r.Stage == "screen").ToList(), r => r.RequestsAt30000, new Color(0x9e, 0x9e, 0x9e), 4, "screen (requests on the 3,000@100 stand-in)");
        Points(plot, rows.Where(r => r.Stage == "final").ToList(), r => r.RequestsAt30000, new Color(0x1f, 0x77, 0xb4), 8, "final stage (30,000 boards)");
        Points(plot, rows.Where(r => r.Stage == "holdout").ToList(), r => r.RequestsAt30000, new Color(0xff, 0x7f, 0x0e), 10, "holdout: the best with new seeds");

        var meanLimit = plot.Add.HorizontalLine(FleetTargets.MeanSlackSeconds, 1, new Color(0x2c, 0xa0, 0x2c), LinePattern.Dashed);
        meanLimit.LegendText = $"target: latest fleet within ideal + {FleetTargets.MeanSlackSeconds:0} s";
        double requestLimit = FleetTargets.RequestLimits.First(l => l.Devices == 30_000).MaxMeanRequests;
        var requests = plot.Add.VerticalLine(requestLimit, 1, new Color(0x2c, 0xa0, 0x2c), LinePattern.Dotted);
        requests.LegendText = $"target: at most {requestLimit:0} requests per board at 30,000";
        plot.Title("Back-off search: each setting's tail against its requests (lower left is better)");
        plot.XLabel("mean requests per board at 30,000 boards");
        plot.YLabel("latest fleet: mean 99% provisioned, s after the ideal");
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(path, width, height);
    }

    private static void Points(Plot plot, IReadOnlyList<SweepRow> rows, Func<SweepRow, double> x, Color color, float size, string label)
    {
        var shown = rows.Where(r => double.IsFinite(x(r)) && double.IsFinite(r.LatestMeanOver99)).ToList();
        if (shown.Count == 0)
        {
            return;
        }

        var points = plot.Add.ScatterPoints(shown.Select(x).ToArray(), shown.Select(r => r.LatestMeanOver99).ToArray(), color);
        points.MarkerSize = size;
        points.LegendText = label;
    }
}
