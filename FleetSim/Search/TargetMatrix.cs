using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Engine;

namespace NanoDps.FleetSim.Search;

/// <summary>
/// Runs "ours" (the real core) with each back-off setting in each fleet (all booting at once) with
/// each seed: the measurements behind issue 12's targets and the back-off search.
/// </summary>
public static class TargetMatrix
{
    /// <summary>
    /// Every setting x fleet x seed, on up to <paramref name="threads"/> threads (the largest fleets first).
    /// <paramref name="baseline"/> gives everything but the fleet, the quota and the seed; <paramref name="ours"/> everything but the back-off.
    /// </summary>
    public static IReadOnlyList<SettingResult> Run(
        IReadOnlyList<BackoffSetting> settings,
        IReadOnlyList<FleetSpec> fleets,
        IReadOnlyList<long> seeds,
        Scenario baseline,
        CoreDeviceOptions ours,
        int threads,
        Action<int, int>? progress = null)
    {
        var jobs = (from s in Enumerable.Range(0, settings.Count)
                    from f in Enumerable.Range(0, fleets.Count)
                    from k in Enumerable.Range(0, seeds.Count)
                    select (Setting: s, Fleet: f, Seed: k))
            // Cost grows with boards x drain time: start the slowest runs first so the threads finish together.
            .OrderByDescending(j => fleets[j.Fleet].EquivalentDevices * fleets[j.Fleet].Devices)
            .ToArray();
        var runs = new SeedRun[settings.Count, fleets.Count, seeds.Count];
        var ideals = fleets.Select(f => IdealSchedule.DoneTimes(new long[f.Devices], f.RegistrationsPerMinute)).ToArray();
        int done = 0;
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, job =>
        {
            FleetSpec fleet = fleets[job.Fleet];
            Scenario scenario = baseline with { Devices = fleet.Devices, Dps = fleet.Dps(baseline.Dps), Seed = seeds[job.Seed], Boot = BootPattern.AllAtOnce };
            PolicyResult r = FleetSimulation.Run(scenario, Policy.Ours(ours with { Backoff = settings[job.Setting].ToBackoff() }));
            runs[job.Setting, job.Fleet, job.Seed] = Measure(r, seeds[job.Seed], ideals[job.Fleet]);
            progress?.Invoke(Interlocked.Increment(ref done), jobs.Length);
        });

        return Enumerable.Range(0, settings.Count)
            .Select(s => new SettingResult(
                settings[s],
                Enumerable.Range(0, fleets.Count).Select(f => new CellResult(fleets[f], Enumerable.Range(0, seeds.Count).Select(k => runs[s, f, k]).ToArray())).ToArray()))
            .ToArray();
    }

    /// <summary>The numbers the targets look at, from one run.</summary>
    public static SeedRun Measure(PolicyResult r, long seed, long[] idealDoneTimes)
    {
        return new SeedRun(seed, Over(r, idealDoneTimes, 0.5), Over(r, idealDoneTimes, 0.99), r.MeanRequests, r.WorstRequests, r.NeverProvisioned);
    }

    private static double Over(PolicyResult r, long[] ideal, double fraction) =>
        r.TimeToFraction(fraction) is long t ? (t - IdealSchedule.TimeToFraction(ideal, r.Devices, fraction)) / 1000.0 : double.PositiveInfinity;
}
