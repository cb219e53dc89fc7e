namespace NanoDps.FleetSim.Search;

/// <summary>"ours" with one back-off setting in one fleet with one seed: how far it landed from the ideal and what it cost.</summary>
public sealed record SeedRun(long Seed, double Over50Seconds, double Over99Seconds, double MeanRequests, int WorstRequests, int NeverProvisioned);

/// <summary>"ours" with one back-off setting in one fleet, over several seeds.</summary>
public sealed record CellResult(FleetSpec Fleet, IReadOnlyList<SeedRun> Runs)
{
    /// <summary>99% provisioned, seconds after the ideal, averaged over the seeds.</summary>
    public double MeanOver99 => Runs.Average(r => r.Over99Seconds);

    /// <summary>The latest seed's 99% over the ideal.</summary>
    public double WorstOver99 => Runs.Max(r => r.Over99Seconds);

    /// <summary>50% provisioned, seconds after the ideal, averaged over the seeds.</summary>
    public double MeanOver50 => Runs.Average(r => r.Over50Seconds);

    /// <summary>Mean requests per board, averaged over the seeds.</summary>
    public double MeanRequests => Runs.Average(r => r.MeanRequests);

    /// <summary>The most requests one board sent, over the seeds.</summary>
    public int WorstRequests => Runs.Max(r => r.WorstRequests);

    /// <summary>The largest ratio of the worst board's requests to the mean, over the seeds.</summary>
    public double WorstToMean => Runs.Max(r => r.WorstRequests / r.MeanRequests);

    /// <summary>Boards never provisioned, over all seeds.</summary>
    public int NeverProvisioned => Runs.Sum(r => r.NeverProvisioned);
}

/// <summary>One back-off setting over a set of fleets, with its score against the targets.</summary>
public sealed record SettingResult(BackoffSetting Setting, IReadOnlyList<CellResult> Cells)
{
    /// <summary>See <see cref="FleetTargets.Score"/>: at most 1 when every target is met; lower is more margin.</summary>
    public double Score => FleetTargets.Score(Cells);

    /// <summary>The latest cell: its mean 99% over the ideal.</summary>
    public double WorstMeanOver99 => Cells.Max(c => c.MeanOver99);

    /// <summary>The latest single run's 99% over the ideal.</summary>
    public double WorstSeedOver99 => Cells.Max(c => c.WorstOver99);

    /// <summary>Mean requests per board in the cell that stands for <paramref name="equivalentDevices"/> at 1,000/min (the full-size fleet first), or NaN.</summary>
    public double RequestsAt(long equivalentDevices) =>
        Cells.Where(c => c.Fleet.EquivalentDevices == equivalentDevices).OrderByDescending(c => c.Fleet.Devices).Select(c => c.MeanRequests).DefaultIfEmpty(double.NaN).First();
}
