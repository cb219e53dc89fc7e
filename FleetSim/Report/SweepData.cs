using System.Globalization;
using System.Text;
using NanoDps.FleetSim.Search;

namespace NanoDps.FleetSim.Report;

/// <summary>
/// One back-off setting of a search, as a row of the sweep's CSV: the stage it was measured in, its rank there,
/// its score, its latest fleet's mean 99% over the ideal and its requests per board at 10,000 and 30,000 boards
/// (NaN where the stage had no such fleet). The sweep's chart is drawn from these rows.
/// </summary>
public sealed record SweepRow(string Stage, int Rank, string Setting, double Score, double LatestMeanOver99, string LatestFleet, double RequestsAt10000, double RequestsAt30000);

/// <summary>Writes and reads the sweep's CSV: every setting of every stage, one row each.</summary>
public static class SweepData
{
    /// <summary>The CSV's header line.</summary>
    public const string Header = "stage,rank,setting,score,latest_fleet_mean_99_over_ideal_s,latest_fleet,requests_per_board_10000,requests_per_board_30000";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Every setting of <paramref name="result"/>: the screen, the final stage and the holdout, each ranked as the search ranked it.</summary>
    public static IReadOnlyList<SweepRow> Rows(SearchResult result)
    {
        var rows = new List<SweepRow>();
        Add(rows, "screen", result.Screen);
        Add(rows, "final", result.Final);
        Add(rows, "holdout", result.Holdout);
        return rows;
    }

    /// <summary>The CSV text of <paramref name="rows"/>.</summary>
    public static string ToCsv(IReadOnlyList<SweepRow> rows)
    {
        var csv = new StringBuilder().Append(Header).Append('\n');
        foreach (SweepRow r in rows)
        {
            csv.Append(r.Stage).Append(',').Append(r.Rank.ToString(Inv)).Append(',').Append(Quote(r.Setting)).Append(',')
                .Append(Number(r.Score, "0.00")).Append(',').Append(Number(r.LatestMeanOver99, "0.0")).Append(',').Append(Quote(r.LatestFleet)).Append(',')
                .Append(Number(r.RequestsAt10000, "0.00")).Append(',').Append(Number(r.RequestsAt30000, "0.00")).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>The rows of a CSV written by <see cref="ToCsv"/>.</summary>
    public static IReadOnlyList<SweepRow> FromCsv(string text)
    {
        var rows = new List<SweepRow>();
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new FormatException($"a sweep CSV starts with the line {Header}");
        }

        foreach (string line in lines.Skip(1))
        {
            List<string> f = Fields(line);
            if (f.Count != 8)
            {
                throw new FormatException($"a sweep CSV line has 8 fields, this one {f.Count}: {line}");
            }

            rows.Add(new SweepRow(f[0], int.Parse(f[1], Inv), f[2], Parse(f[3]), Parse(f[4]), f[5], Parse(f[6]), Parse(f[7])));
        }

        return rows;
    }

    private static void Add(List<SweepRow> rows, string stage, IReadOnlyList<SettingResult> results)
    {
        int rank = 0;
        foreach (SettingResult r in results)
        {
            rank++;
            CellResult latest = r.Cells.MaxBy(c => c.MeanOver99)!;
            rows.Add(new SweepRow(stage, rank, r.Setting.ToString(), r.Score, r.WorstMeanOver99, latest.Fleet.Title, r.RequestsAt(10_000), r.RequestsAt(30_000)));
        }
    }

    private static string Number(double value, string format) =>
        double.IsNaN(value) ? string.Empty : double.IsPositiveInfinity(value) ? "inf" : value.ToString(format, Inv);

    private static double Parse(string field) =>
        field.Length == 0 ? double.NaN : field == "inf" ? double.PositiveInfinity : double.Parse(field, Inv);

    private static string Quote(string field) =>
        field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal) ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
