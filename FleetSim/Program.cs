using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Dps;
using NanoDps.FleetSim.Engine;
using NanoDps.FleetSim.Report;
using NanoDps.Provisioning;

namespace NanoDps.FleetSim;

/// <summary>
/// dotnet run -c Release --project FleetSim -- --devices 10000 --out docs
/// runs the comparison of issue 6 and writes docs/fleet-results.md and docs/fleet-*.png.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var devices = Opt("--devices", 10_000, "Fleet size of the main run (all devices booting at once)");
        var sizes = new Option<int[]>("--sizes") { Description = "Further fleet sizes booting at once (0 for none)", DefaultValueFactory = _ => [1000, 30_000], AllowMultipleArgumentsPerToken = true };
        var spread = Opt("--spread-seconds", 300, "Window of the spread-boot run (0 to skip)");
        var waveGap = Opt("--wave-gap-seconds", 180, "Gap between the two waves of the second-wave run (0 to skip)");
        var largeRetryAfter = new Option<int[]>("--large-retry-after") { Description = "429 Retry-After values (s) for extra runs of the main fleet (0 for none)", DefaultValueFactory = _ => [10, 30], AllowMultipleArgumentsPerToken = true };
        var quick = new Option<bool>("--quick") { Description = "Only the main run" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for fleet-results.md and the charts", DefaultValueFactory = _ => new DirectoryInfo("docs") };
        var seed = new Option<long>("--seed") { Description = "Seed of every random choice; same seed, same results", DefaultValueFactory = _ => 1 };
        var regRate = Opt("--registrations-per-minute", 1000, "DPS registration quota");
        var regBurst = Opt("--registration-burst", 100, "Registration bucket size");
        var opRate = Opt("--operations-per-minute", 1000, "DPS operations (polls) quota");
        var opBurst = Opt("--operation-burst", 100, "Operations bucket size");
        var pollsPerDevice = Opt("--polls-per-device", 5, "Polls one device may make per 10 s");
        var retryAfter = Opt("--retry-after", 3, "Retry-After (s) on a 429");
        var assigningRetryAfter = Opt("--assigning-retry-after", 3, "Retry-After (s) on a 202 assigning answer; -1 leaves the header out");
        var latency = Opt("--assignment-latency-ms", 2000, "Time from an accepted PUT to the assignment");
        var rtt = Opt("--rtt-ms", 200, "Network round trip of one request");
        var firstWindow = Opt("--first-window-ms", new Backoff().FirstWindowMilliseconds, "ours: first back-off window");
        var maxWindow = Opt("--max-window-ms", new Backoff().MaxWindowMilliseconds, "ours: largest back-off window");
        var jitter = Opt("--jitter-percent", new Backoff().JitterPercent, "ours: jitter over the top N% of the window");
        var deadline = Opt("--deadline-seconds", DeviceConfig.DefaultDeadlineSeconds, "ours: the flow's deadline (deadlineSeconds)");
        var noReboot = new Option<bool>("--no-reboot") { Description = "ours: a flow that ends without a hub is final (the board would deep-sleep and boot into a new flow)" };
        var naive = Opt("--naive-interval-ms", Policy.DefaultNaiveIntervalMilliseconds, "naive-fixed: its interval");
        var horizon = Opt("--horizon-minutes", 240, "Virtual time after which a run stops");
        var only = new Option<string[]>("--policies") { Description = "Run only these policies (ours, sdk-c, identity-service, naive-fixed)", AllowMultipleArgumentsPerToken = true };

        var root = new RootCommand("nanoDps fleet simulation: our provisioning core against azure-iot-sdk-c's, iot-identity-service's and a naive retry policy, on a model of DPS's quotas")
        {
            devices, sizes, spread, waveGap, largeRetryAfter, quick, output, seed, regRate, regBurst, opRate, opBurst, pollsPerDevice, retryAfter,
            assigningRetryAfter, latency, rtt, firstWindow, maxWindow, jitter, deadline, noReboot, naive, horizon, only,
        };
        root.SetAction(parse =>
        {
            var dps = new DpsModelOptions
            {
                RegistrationsPerMinute = parse.GetValue(regRate),
                RegistrationBurst = parse.GetValue(regBurst),
                OperationsPerMinute = parse.GetValue(opRate),
                OperationBurst = parse.GetValue(opBurst),
                PollsPerDevice = parse.GetValue(pollsPerDevice),
                ThrottleRetryAfterSeconds = parse.GetValue(retryAfter),
                AssigningRetryAfterSeconds = parse.GetValue(assigningRetryAfter),
                AssignmentLatencyMilliseconds = parse.GetValue(latency),
            };
            var ours = new CoreDeviceOptions
            {
                Backoff = new Backoff
                {
                    FirstWindowMilliseconds = parse.GetValue(firstWindow),
                    MaxWindowMilliseconds = parse.GetValue(maxWindow),
                    JitterPercent = parse.GetValue(jitter),
                },
                DeadlineSeconds = parse.GetValue(deadline),
                RebootAfterFailedBoot = !parse.GetValue(noReboot),
            };
            var baseline = new Scenario
            {
                Id = string.Empty,
                Title = string.Empty,
                Devices = parse.GetValue(devices),
                Dps = dps,
                RoundTripMilliseconds = parse.GetValue(rtt),
                Seed = parse.GetValue(seed),
                HorizonMilliseconds = parse.GetValue(horizon) * 60_000L,
            };
            IReadOnlyList<Scenario> scenarios = Suite(
                baseline,
                parse.GetValue(quick),
                parse.GetValue(sizes) ?? [],
                parse.GetValue(spread),
                parse.GetValue(waveGap),
                parse.GetValue(largeRetryAfter) ?? []);
            IReadOnlyList<Policy> policies = Policy.Standard(ours, parse.GetValue(naive));

            string[] wanted = parse.GetValue(only) ?? [];
            if (wanted.Length > 0)
            {
                policies = policies.Where(p => wanted.Contains(p.Name)).ToList();
            }
            return Run(scenarios, policies, parse.GetValue(output)!, "dotnet run -c Release --project FleetSim -- " + string.Join(' ', args));
        });
        root.Subcommands.Add(SweepCommand(args));
        return root.Parse(args).Invoke();
    }

    // dotnet run -c Release --project FleetSim -- sweep --first-window-ms 16000 24000 --max-window-ms 90000 130000 ...
    private static Command SweepCommand(string[] args)
    {
        var sizes = Many("--sizes", [500, 1000, 1500, 2000, 3000, 5000, 7000, 10_000, 20_000, 30_000], "Fleet sizes (all booting at once)");
        var first = Many("--first-window-ms", [new Backoff().FirstWindowMilliseconds], "First back-off windows to try");
        var max = Many("--max-window-ms", [new Backoff().MaxWindowMilliseconds], "Largest back-off windows to try");
        var jitter = Many("--jitter-percent", [new Backoff().JitterPercent], "Jitter shares to try");
        var seeds = Many("--seeds", [1, 2], "Seeds; each cell is averaged over them");
        var retryAfter = Opt("--retry-after", 3, "Retry-After (s) on a 429");
        var deadline = Opt("--deadline-seconds", DeviceConfig.DefaultDeadlineSeconds, "ours: the flow's deadline");
        var output = new Option<FileInfo>("--out") { Description = "Markdown file to write", DefaultValueFactory = _ => new FileInfo("docs/fleet-sweep.md") };
        var command = new Command("sweep", "Runs \"ours\" with several back-off settings over several fleet sizes and writes a table")
        {
            sizes, first, max, jitter, seeds, retryAfter, deadline, output,
        };
        command.SetAction(parse =>
        {
            var settings = (from f in parse.GetValue(first)!
                            from m in parse.GetValue(max)!
                            from j in parse.GetValue(jitter)!
                            select new Sweep.Setting(f, m, j, parse.GetValue(deadline))).ToList();
            int[] sizeList = parse.GetValue(sizes)!;
            long[] seedList = parse.GetValue(seeds)!.Select(x => (long)x).ToArray();
            var baseline = new Scenario { Id = "sweep", Title = "sweep", Devices = 1, Dps = new DpsModelOptions { ThrottleRetryAfterSeconds = parse.GetValue(retryAfter) } };
            var watch = Stopwatch.StartNew();
            IReadOnlyList<Sweep.Cell> cells = Sweep.Run(baseline, settings, sizeList, seedList);
            string markdown = Sweep.Render(cells, sizeList, seedList, parse.GetValue(retryAfter), "dotnet run -c Release --project FleetSim -- " + string.Join(' ', args));
            FileInfo file = parse.GetValue(output)!;
            file.Directory?.Create();
            File.WriteAllText(file.FullName, markdown);
            Console.WriteLine(markdown);
            Console.WriteLine($"written: {file.FullName} ({watch.Elapsed.TotalSeconds:0.0} s)");
            return 0;
        });
        return command;
    }

    private static Option<int[]> Many(string name, int[] defaults, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaults, AllowMultipleArgumentsPerToken = true };

    /// <summary>The runs of one invocation: the main fleet first, then the other sizes, boot patterns and Retry-After values.</summary>
    public static IReadOnlyList<Scenario> Suite(Scenario baseline, bool quick, int[] sizes, int spreadSeconds, int waveGapSeconds, int[] largeRetryAfters)
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

        foreach (int ra in largeRetryAfters.Where(r => r > 0 && r != baseline.Dps.ThrottleRetryAfterSeconds).Distinct())
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

    private static int Run(IReadOnlyList<Scenario> scenarios, IReadOnlyList<Policy> policies, DirectoryInfo output, string command)
    {
        var watch = Stopwatch.StartNew();
        output.Create();
        var results = new List<ScenarioResult>();
        foreach (Scenario scenario in scenarios)
        {
            var result = new ScenarioResult(scenario, policies);
            results.Add(result);
            PrintScenario(result);
            string chart = Path.Combine(output.FullName, $"fleet-{scenario.Id}.png");
            Chart.Write(result, chart);
            string load = Path.Combine(output.FullName, $"fleet-{scenario.Id}-load.png");
            Chart.WriteLoad(result, load);
            Console.WriteLine($"  charts: {chart}, {load}");
        }

        string report = Path.Combine(output.FullName, "fleet-results.md");
        File.WriteAllText(report, MarkdownReport.Render(results, policies, command));
        Console.WriteLine();
        foreach (Targets.Row row in Targets.Check(results))
        {
            Console.WriteLine($"{(row.Met is null ? "  -  " : row.Met.Value ? " met " : "MISS ")} {row.Target}: {row.Measured}");
        }

        Console.WriteLine($"report: {report} ({watch.Elapsed.TotalSeconds:0.0} s)");
        return 0;
    }

    private static void PrintScenario(ScenarioResult s)
    {
        Console.WriteLine();
        Console.WriteLine($"{s.Scenario.Title} (ideal 99%: {MarkdownReport.Sec(s.Ideal(0.99))} s)");
        Console.WriteLine($"  {"policy",-17} {"50%",16} {"99%",16} {"100%",16} {"never",7} {"requests",10} {"mean",6} {"worst",6} {"429s",10} {"peak/s",7} {"retries",7}");
        foreach (PolicyResult r in s.Results)
        {
            Console.WriteLine($"  {r.Policy,-17} {MarkdownReport.Time(r, s, 0.5),16} {MarkdownReport.Time(r, s, 0.99),16} {MarkdownReport.Time(r, s, 1.0),16} {r.NeverProvisioned,7} {r.TotalRequests,10} {r.MeanRequests,6:0.00} {r.WorstRequests,6} {r.Throttled,10} {r.PeakRequestsPerSecond,7} {r.PeakLaterRequestsPerSecond,7}");
        }
    }

    private static Option<int> Opt(string name, int defaultValue, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };
}
