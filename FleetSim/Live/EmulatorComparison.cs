using System.Globalization;
using System.Text;
using NanoDps.FleetSim.Engine;
using NanoDps.FleetSim.Report;

namespace NanoDps.FleetSim.Live;

/// <summary>
/// The simulation checked against the real emulator: the same fleet, DPS parameters and seeds,
/// once as real flows against the emulator (<see cref="LiveFleet"/>) and as the simulation, whose
/// round trip is set to the one measured against the emulator.
/// </summary>
public static class EmulatorComparison
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Runs the live fleet, then the simulation with the live run's seed and with each of
    /// <paramref name="simulationSeeds"/> (their mean is the model's prediction).
    /// </summary>
    public static async Task<ComparisonResult> RunAsync(LiveFleetOptions options, IReadOnlyList<long> simulationSeeds, int threads, CancellationToken cancellation = default)
    {
        simulationSeeds = simulationSeeds.Distinct().ToArray();
        LiveFleetRun live = await LiveFleet.RunAsync(options, cancellation).ConfigureAwait(false);
        Scenario scenario = ScenarioOf(options, live.MedianRoundTripMilliseconds);
        Policy ours = Policy.Ours(options.Ours);
        long[] seeds = simulationSeeds.Append(options.Seed).Distinct().ToArray();
        var runs = new PolicyResult[seeds.Length];
        Parallel.For(0, seeds.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellation }, i =>
            runs[i] = FleetSimulation.Run(scenario with { Seed = seeds[i] }, ours));
        return new ComparisonResult(options, scenario, live, runs[Array.IndexOf(seeds, options.Seed)], simulationSeeds, runs.Take(simulationSeeds.Count).ToArray());
    }

    /// <summary>The simulation's scenario for a live fleet: the same boards, DPS and seed, and the measured round trip.</summary>
    public static Scenario ScenarioOf(LiveFleetOptions options, long roundTripMilliseconds) => new()
    {
        Id = "emulator",
        Title = $"{options.Devices.ToString("N0", Inv)} boards at once against the emulator",
        Devices = options.Devices,
        Dps = options.Dps,
        RoundTripMilliseconds = (int)Math.Max(1, roundTripMilliseconds),
        Seed = options.Seed,
    };
}

/// <summary>The live run and the simulation of the same fleet.</summary>
public sealed record ComparisonResult(LiveFleetOptions Options, Scenario Scenario, LiveFleetRun Live, PolicyResult SameSeed, IReadOnlyList<long> SimulationSeeds, IReadOnlyList<PolicyResult> Seeds)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// (simulation - emulator) / emulator for the 50% time, the 99% time and the mean requests, the
    /// simulation being the mean over <see cref="Seeds"/>: the model's prediction. (The simulation
    /// with the boards' own seed makes the same draws, but a real run's timing, a TLS handshake
    /// slowed by a busy machine, soon hands a token to another board than the model would, and the
    /// two runs part ways like two seeds.)
    /// </summary>
    public (double Half, double NinetyNine, double Requests) RelativeDifferences => (
        Relative(Seeds.Average(r => Seconds(r, 0.5)), Seconds(Live.Result, 0.5)),
        Relative(Seeds.Average(r => Seconds(r, 0.99)), Seconds(Live.Result, 0.99)),
        Relative(Seeds.Average(r => r.MeanRequests), Live.Result.MeanRequests));

    /// <summary>The side-by-side table, markdown.</summary>
    public string Render(string command)
    {
        long[] ideal = IdealSchedule.DoneTimes(new long[Options.Devices], Options.Dps.RegistrationsPerMinute);
        var dps = Options.Dps;
        var md = new StringBuilder();
        md.AppendLine($"# {Scenario.Title}: the simulation checked against the emulator");
        md.AppendLine();
        md.AppendLine("Written by `FleetSim emulator` (see [explanation/fleet-model.md](../explanation/fleet-model.md#the-simulation-checked-against-the-emulator)); regenerate with:");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine($"{Options.Devices} boards booting at once, each a thread running the real core (`ProvisioningFlow` + `ProvisioningRunner`, real sleeps) over real HTTPS "
            + $"(a new TLS connection per request) to the DPS emulator in the same process; DPS: {dps.RegistrationsPerMinute} registrations/min (burst {dps.RegistrationBurst}), "
            + $"{dps.OperationsPerMinute} operations/min (burst {dps.OperationBurst}), {dps.PollsPerDevice} polls per 10 s per device, 429 with Retry-After {dps.ThrottleRetryAfterSeconds} s, "
            + $"202 with Retry-After {dps.AssigningRetryAfterSeconds} s, assignment {(dps.AssignmentLatencyMilliseconds / 1000.0).ToString("0.###", Inv)} s after the register. "
            + $"Board i draws its jitter as simulated device i of seed {Options.Seed}. Measured request round trip against the emulator: median {Live.MedianRoundTripMilliseconds} ms, "
            + $"99th percentile {Live.P99RoundTripMilliseconds} ms; the simulation uses {Scenario.RoundTripMilliseconds} ms. "
            + $"Ideal: 50% at {MarkdownReport.Sec(IdealSchedule.TimeToFraction(ideal, Options.Devices, 0.5))} s, 99% at {MarkdownReport.Sec(IdealSchedule.TimeToFraction(ideal, Options.Devices, 0.99))} s.");
        md.AppendLine();
        md.AppendLine("| run | 50% provisioned, s | 99% provisioned, s | 100% provisioned, s | never provisioned | requests | mean / worst per board | answered 429 | wall time, s |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row(md, $"emulator: real flows, TLS, sleeps (seed {Options.Seed})", Live.Result, ideal);
        Row(md, $"simulation, seed {Options.Seed} (the same draws)", SameSeed, ideal);
        md.AppendLine($"| simulation, seeds {SeedRange()}: mean [lowest, highest] | {Spread(r => Seconds(r, 0.5), "0.0")} | {Spread(r => Seconds(r, 0.99), "0.0")} | {Spread(r => Seconds(r, 1.0), "0.0")} "
            + $"| {Spread(r => r.NeverProvisioned, "0")} | {Spread(r => r.TotalRequests, "N0")} | {Spread(r => r.MeanRequests, "0.00")} | {Spread(r => r.Throttled, "N0")} | |");
        var (half, ninetyNine, requests) = RelativeDifferences;
        md.AppendLine($"| simulation (mean of seeds {SeedRange()}) vs emulator | {Percent(half)} | {Percent(ninetyNine)} | | | | {Percent(requests)} | | |");
        md.AppendLine();
        if (Live.NotProvisioned.Count > 0)
        {
            md.AppendLine($"Boards not provisioned against the emulator: {string.Join("; ", Live.NotProvisioned.Take(10))}{(Live.NotProvisioned.Count > 10 ? "; …" : string.Empty)}");
            md.AppendLine();
        }

        return md.ToString();
    }

    private static void Row(StringBuilder md, string name, PolicyResult r, long[] ideal)
    {
        md.AppendLine($"| {name} | {Time(r, ideal, 0.5)} | {Time(r, ideal, 0.99)} | {Time(r, ideal, 1.0)} | {r.NeverProvisioned} | {r.TotalRequests.ToString("N0", Inv)} "
            + $"| {r.MeanRequests.ToString("0.00", Inv)} / {r.WorstRequests} | {r.Throttled.ToString("N0", Inv)} | {(r.Elapsed.TotalSeconds < 0.01 ? "<0.01" : r.Elapsed.TotalSeconds.ToString("0.0", Inv))} |");
    }

    private string Spread(Func<PolicyResult, double> measure, string format)
    {
        double[] values = Seeds.Select(measure).ToArray();
        return $"{values.Average().ToString(format, Inv)} [{values.Min().ToString(format, Inv)}, {values.Max().ToString(format, Inv)}]";
    }

    private static string Time(PolicyResult r, long[] ideal, double fraction)
    {
        if (r.TimeToFraction(fraction) is not long t)
        {
            return "never";
        }

        double over = (t - IdealSchedule.TimeToFraction(ideal, r.Devices, fraction)) / 1000.0;
        return $"{MarkdownReport.Sec(t)} ({(over < 0 ? "−" : "+")}{Math.Abs(over).ToString("0.0", Inv)})";
    }

    private string SeedRange() => SimulationSeeds.Count > 2 && SimulationSeeds.Zip(SimulationSeeds.Skip(1)).All(p => p.Second == p.First + 1)
        ? $"{SimulationSeeds[0]}-{SimulationSeeds[^1]}"
        : string.Join(", ", SimulationSeeds);

    private static double Seconds(PolicyResult r, double fraction) => r.TimeToFraction(fraction) is long t ? t / 1000.0 : double.PositiveInfinity;

    private static double Relative(double simulated, double measured) => (simulated - measured) / measured;

    private static string Percent(double relative) => (relative < 0 ? "−" : "+") + Math.Abs(relative * 100).ToString("0.0", Inv) + "%";
}
