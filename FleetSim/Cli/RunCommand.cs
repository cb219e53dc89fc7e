using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Engine;
using NanoDps.FleetSim.Report;
using NanoDps.FleetSim.Search;

namespace NanoDps.FleetSim.Cli;

/// <summary>
/// The comparison (no command): our core against the reference clients' retry loops in every
/// scenario, and issue 12's targets for our core over every fleet and seed. Writes fleet-results.md
/// and the charts to the scratch folder, or to docs/ with --write-docs.
/// </summary>
internal static class RunCommand
{
    public static RootCommand Create(TextWriter output, string[] args)
    {
        var devices = Options.Whole("--devices", 10_000, 1, "Fleet size of the main run (all devices booting at once)");
        var sizes = Options.WholeList("--sizes", [1000, 30_000], 0, "Further fleet sizes booting at once, all policies (0 for none)");
        var spread = Options.Whole("--spread-seconds", 300, 0, "Window of the spread-boot run (0 to skip)", "seconds");
        var waveGap = Options.Whole("--wave-gap-seconds", 180, 0, "Gap between the two waves of the second-wave run (0 to skip)", "seconds");
        var moreRetryAfter = Options.WholeList("--extra-throttle-retry-after", [10, 30], 0, "Runs of the main fleet with these 429 Retry-After values (0 for none)", "seconds");
        var targetFleets = Options.Fleets("--target-fleets", FleetTargets.Fleets, "ours: fleets of issue 12's targets, boards (at 1,000/min) or boards@registrations-per-minute");
        var targetSeeds = Options.WholeList("--target-seeds", [1, 2, 3], 0, "ours: seeds of issue 12's targets");
        var compareWith = new Option<BackoffSetting[]>("--compare-with")
        {
            Description = "Back-off settings run beside ours over issue 12's fleets, first/cap/jitter[/growth-after/growth[/late-jitter]], e.g. 20/100/75/6/10 (default: the former back-off, 24/130/75; none: no comparison)",
            HelpName = "setting",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result => result.Tokens.Count == 1 && result.Tokens[0].Value == "none" ? [] : SweepCommand.ParseSettings(result, "--compare-with"),
        };
        var quick = new Option<bool>("--quick") { Description = "Only the main run (no other scenario, no issue 12 targets)" };
        var outFolder = new Option<string>("--out") { Description = $"Folder for fleet-results.md and the charts (default {OutputFolder.Scratch}/)", HelpName = "folder" };
        var writeDocs = new Option<bool>("--write-docs") { Description = "Write the repository's docs/fleet-results.md and docs/fleet-*.png" };
        var seed = Options.Whole("--seed", 1, 0, "Seed of every random choice; same seed, same results");
        var dps = new DpsOptionSet();
        var rtt = Options.Whole("--rtt-ms", 200, 0, "Network round trip of one request", "ms");
        var ours = new BackoffOptionSet();
        var naive = Options.Seconds("--naive-interval", Options.InSeconds(Policy.DefaultNaiveIntervalMilliseconds), 0.001, "naive-fixed: its interval (s)");
        var horizon = Options.Whole("--horizon-minutes", 240, 1, "Virtual time after which a run stops", "minutes");
        var policies = new Option<string[]>("--policies")
        {
            Description = $"Run only these policies ({string.Join(", ", PolicyNames)})",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "name",
        };
        policies.Validators.Add(result =>
        {
            foreach (string name in result.Tokens.Select(t => t.Value).Where(n => !PolicyNames.Contains(n)))
            {
                result.AddError($"--policies: '{name}' is not a policy: use {string.Join(", ", PolicyNames.SkipLast(1))} or {PolicyNames[^1]}.");
                return;
            }
        });
        var threads = Options.Whole("--threads", Environment.ProcessorCount, 1, "Runs at a time");

        var root = new RootCommand(
            "nanoDps fleet simulation: our provisioning core against azure-iot-sdk-c's, iot-identity-service's and a naive retry policy, on a model of DPS's quotas. "
            + "Exit codes: 0 done, 1 failed (emulator: a board not provisioned) or internal error, 2 bad option, 4 output folder or emulator refused, 130 Ctrl+C.")
        {
            devices, sizes, spread, waveGap, moreRetryAfter, targetFleets, targetSeeds, compareWith, quick, outFolder, writeDocs, seed, rtt, naive, horizon, policies, threads,
        };
        dps.AddTo(root);
        ours.AddTo(root);
        root.SetAction(parse =>
        {
            DirectoryInfo folder = OutputFolder.Prepare(CommandLine.OutputFolderOf(parse, outFolder, writeDocs), parse.GetValue(writeDocs) ? "--write-docs" : "--out");
            CoreDeviceOptions oursOptions = ours.Read(parse);
            var baseline = new Scenario
            {
                Id = string.Empty,
                Title = string.Empty,
                Devices = parse.GetValue(devices),
                Dps = dps.Read(parse),
                RoundTripMilliseconds = parse.GetValue(rtt),
                Seed = parse.GetValue(seed),
                HorizonMilliseconds = parse.GetValue(horizon) * 60_000L,
            };
            bool isQuick = parse.GetValue(quick);
            IReadOnlyList<Scenario> scenarios = Suite(baseline, isQuick, parse.GetValue(sizes)!, parse.GetValue(spread), parse.GetValue(waveGap), parse.GetValue(moreRetryAfter)!);
            IReadOnlyList<Policy> chosen = Policy.Standard(oursOptions, Options.Milliseconds(parse.GetValue(naive)));
            string[] wanted = parse.GetValue(policies) ?? [];
            if (wanted.Length > 0)
            {
                chosen = chosen.Where(p => wanted.Contains(p.Name)).ToList();
            }

            long[] seeds = parse.GetValue(targetSeeds)!.Select(s => (long)s).ToArray();
            bool withTargets = !isQuick && seeds.Length > 0 && chosen.Any(p => p.Name == "ours");
            var targets = new TargetPlan(withTargets ? parse.GetValue(targetFleets)! : [], seeds, (parse.GetResult(compareWith) is null ? [FormerBackoff] : parse.GetValue(compareWith)!));
            return Run(scenarios, chosen, targets, oursOptions, parse.GetValue(threads), folder, CommandLine.Replay(args), output);
        });
        return root;
    }

    /// <summary>The back-off before issue 12: 24 s doubling to 130 s, the wait over the top 75%.</summary>
    public static BackoffSetting FormerBackoff { get; } = BackoffSetting.Parse("24/130/75", out _)!;

    /// <summary>The policy names --policies accepts.</summary>
    public static IReadOnlyList<string> PolicyNames { get; } = Policy.Standard(new CoreDeviceOptions()).Select(p => p.Name).ToArray();

    /// <summary>The runs of one invocation: the main fleet first, then the other sizes, boot patterns and Retry-After values.</summary>
    public static IReadOnlyList<Scenario> Suite(Scenario baseline, bool quick, int[] sizes, int spreadSeconds, int waveGapSeconds, int[] moreThrottleRetryAfters)
    {
        int n = baseline.Devices;
        string count = n.ToString("N0", CultureInfo.InvariantCulture);
        var list = new List<Scenario> { baseline with { Id = n.ToString(CultureInfo.InvariantCulture), Title = $"{count} devices at once" } };
        if (quick)
        {
            return list;
        }

        foreach (int size in sizes.Where(s => s > 0 && s != n).Distinct())
        {
            list.Add(baseline with { Id = size.ToString(CultureInfo.InvariantCulture), Title = $"{size.ToString("N0", CultureInfo.InvariantCulture)} devices at once", Devices = size });
        }

        if (spreadSeconds > 0)
        {
            list.Add(baseline with { Id = "spread", Title = $"{count} devices spread over {spreadSeconds} s", Boot = BootPattern.Spread(spreadSeconds * 1000) });
        }

        if (waveGapSeconds > 0)
        {
            list.Add(baseline with { Id = "waves", Title = $"{count} devices in 2 waves {waveGapSeconds} s apart", Boot = BootPattern.Waves(2, waveGapSeconds * 1000) });
        }

        foreach (int ra in moreThrottleRetryAfters.Where(r => r > 0 && r != baseline.Dps.ThrottleRetryAfterSeconds).Distinct())
        {
            list.Add(baseline with
            {
                Id = $"retry-after-{ra}",
                Title = $"{count} devices at once, 429 Retry-After {ra} s",
                Dps = baseline.Dps with { ThrottleRetryAfterSeconds = ra },
            });
        }

        return list;
    }

    private static int Run(
        IReadOnlyList<Scenario> scenarios,
        IReadOnlyList<Policy> policies,
        TargetPlan targetPlan,
        CoreDeviceOptions ours,
        int threads,
        DirectoryInfo output,
        string command,
        TextWriter console)
    {
        var watch = Stopwatch.StartNew();
        var results = new List<ScenarioResult>();
        foreach (Scenario scenario in scenarios)
        {
            var result = new ScenarioResult(scenario, policies, threads);
            results.Add(result);
            PrintScenario(result, console);
            string chart = Path.Combine(output.FullName, $"fleet-{scenario.Id}.png");
            Chart.Write(result, chart);
            string load = Path.Combine(output.FullName, $"fleet-{scenario.Id}-load.png");
            Chart.WriteLoad(result, load);
            console.WriteLine($"  charts: {chart}, {load}");
        }

        IReadOnlyList<(string Label, SettingResult Result)> targets = [];
        if (targetPlan.Fleets.Count > 0)
        {
            console.WriteLine();
            console.WriteLine($"issue 12 targets: ours in {targetPlan.Fleets.Count} fleets x {targetPlan.Seeds.Count} seeds");
            BackoffSetting oursSetting = BackoffSetting.From(ours.Backoff);
            var settings = new[] { oursSetting }.Concat(targetPlan.CompareWith.Where(s => s != oursSetting)).ToArray();
            IReadOnlyList<SettingResult> runs = TargetMatrix.Run(settings, targetPlan.Fleets, targetPlan.Seeds, scenarios[0], ours, threads);
            targets = runs.Select((r, i) => (i == 0 ? "ours" : (r.Setting == FormerBackoff ? "former back-off " : string.Empty) + r.Setting.ToString(), r)).ToArray();
            PrintTargets(runs[0], console);
            string sizes = Path.Combine(output.FullName, "fleet-sizes.png");
            SizeChart.Write(targets, sizes);
            console.WriteLine($"  chart: {sizes}");
        }

        string report = Path.Combine(output.FullName, "fleet-results.md");
        OutputFolder.WriteText(report, MarkdownReport.Render(results, policies, targets, command));
        console.WriteLine();
        foreach (TargetRow row in Targets.Check(results).Concat(targets.Count == 0 ? [] : FleetTargets.Check(targets[0].Result.Cells)))
        {
            console.WriteLine($"{(row.Met is null ? "  -  " : row.Met.Value ? " met " : "MISS ")} {row.Target}: {row.Measured}");
        }

        console.WriteLine($"report: {report} ({watch.Elapsed.TotalSeconds:0.0} s)");
        return ExitCodes.Success;
    }

    /// <summary>Issue 12's targets: ours over these fleets and seeds, beside these other back-off settings.</summary>
    private sealed record TargetPlan(IReadOnlyList<FleetSpec> Fleets, IReadOnlyList<long> Seeds, IReadOnlyList<BackoffSetting> CompareWith);

    private static void PrintScenario(ScenarioResult s, TextWriter console)
    {
        console.WriteLine();
        console.WriteLine($"{s.Scenario.Title} (ideal 99%: {MarkdownReport.Sec(s.Ideal(0.99))} s)");
        console.WriteLine($"  {"policy",-17} {"50%",16} {"99%",16} {"100%",16} {"never",7} {"requests",10} {"mean",6} {"worst",6} {"429s",10} {"peak/s",7} {"retries",7}");
        foreach (PolicyResult r in s.Results)
        {
            console.WriteLine($"  {r.Policy,-17} {MarkdownReport.Time(r, s, 0.5),16} {MarkdownReport.Time(r, s, 0.99),16} {MarkdownReport.Time(r, s, 1.0),16} {r.NeverProvisioned,7} {r.TotalRequests,10} {r.MeanRequests,6:0.00} {r.WorstRequests,6} {r.Throttled,10} {r.PeakRequestsPerSecond,7} {r.PeakLaterRequestsPerSecond,7}");
        }
    }

    private static void PrintTargets(SettingResult targets, TextWriter console)
    {
        console.WriteLine($"  {"fleet",-18} {"seed",5} {"50% vs ideal",13} {"99% vs ideal",13} {"mean",6} {"worst",6} {"never",6}");
        foreach (CellResult c in targets.Cells)
        {
            foreach (SeedRun r in c.Runs)
            {
                console.WriteLine($"  {c.Fleet.Title,-18} {r.Seed,5} {FleetTargets.Signed(r.Over50Seconds),13} {FleetTargets.Signed(r.Over99Seconds),13} {r.MeanRequests,6:0.00} {r.WorstRequests,6} {r.NeverProvisioned,6}");
            }
        }
    }
}
