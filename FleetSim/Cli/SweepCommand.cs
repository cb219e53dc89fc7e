using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using NanoDps.FleetSim.Engine;
using NanoDps.FleetSim.Report;
using NanoDps.FleetSim.Search;
using NanoDps.Provisioning;

namespace NanoDps.FleetSim.Cli;

/// <summary>
/// `FleetSim sweep`: the back-off search. Every combination of the given back-off numbers is
/// screened on cheap stand-in fleets, the best go to the fleets and seeds, the best of those
/// to new seeds; writes the ranked tables and the frontier (docs/results/fleet-sweep.md with --write-docs).
/// </summary>
internal static class SweepCommand
{
    public static Command Create(TextWriter output, string[] args)
    {
        var defaults = new Backoff();
        var first = Options.SecondsList("--first-window", [Options.InSeconds(defaults.FirstWindowMilliseconds)], 0.001, "First windows to try (s)");
        var cap = Options.SecondsList("--cap-window", [Options.InSeconds(defaults.CapWindowMilliseconds)], 0.001, "Caps to try (s)");
        var jitter = Options.WholeList("--jitter-percent", [defaults.JitterPercent], 1, "Jitter shares to try (percent)", "percent");
        var lateJitter = Options.WholeList("--late-jitter-percent", [defaults.LateJitterPercent], 0, "Jitter shares once the cap grows, to try (0: the jitter share)", "percent");
        var growthAfter = Options.WholeList("--cap-growth-after", [defaults.CapGrowthAfterFailures], 0, "Failures after which the cap grows, to try (0: never)", "failures");
        var growth = Options.SecondsList("--cap-growth", [Options.InSeconds(defaults.CapGrowthMilliseconds)], 0, "Growth per further failure to try (s)");
        var max = Options.SecondsList("--max-window", [Options.InSeconds(defaults.MaxWindowMilliseconds)], 0.001, "Largest windows to try (s)");
        var include = new Option<BackoffSetting[]>("--include")
        {
            Description = "Settings that go to the final stage whatever the screen says, e.g. 24/130/75 (first/cap/jitter), 20/100/75/6/10 (+ growth after failures / seconds) or 20/95/70/6/7.5/50 (+ late jitter)",
            HelpName = "setting",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
            CustomParser = result => ParseSettings(result, "--include"),
        };
        var fleets = Options.Fleets("--fleets", FleetTargets.Fleets, "Fleets of the final stage: boards (at 1,000/min) or boards@registrations-per-minute");
        var screenFleets = Options.Fleets("--screen-fleets", FleetTargets.ScreenFleets, "Fleets of the screen (cheap stand-ins)");
        var noScreen = new Option<bool>("--no-screen") { Description = "Every setting straight to the final stage" };
        var screenSeeds = Options.WholeList("--screen-seeds", [1], 0, "Seeds of the screen");
        var keep = Options.Whole("--keep", 30, 1, "Settings that go from the screen to the final stage");
        var seeds = Options.WholeList("--seeds", [1, 2, 3], 0, "Seeds of the final stage");
        var holdout = Options.Whole("--holdout", 3, 0, "How many of the best run again with the holdout seeds (0: none)");
        var holdoutSeeds = Options.WholeList("--holdout-seeds", [4, 5, 6, 7, 8], 0, "Seeds the ranking never saw");
        var dps = new DpsOptionSet();
        var deadline = Options.Whole("--deadline-seconds", DeviceConfig.DefaultDeadlineSeconds, 1, "ours: the flow's deadline", "seconds");
        var rtt = Options.Whole("--rtt-ms", 200, 0, "Network round trip of one request", "ms");
        var outFile = new Option<string>("--out") { Description = $"Markdown file to write, with its .csv and .png beside it (default {OutputFolder.Scratch}/fleet-sweep.md)", HelpName = "file" };
        var writeDocs = new Option<bool>("--write-docs") { Description = "Write the repository's docs/results/fleet-sweep.md, .csv and .png (docs/results/fleet-sweep-retry-after-N.* for another 429 Retry-After)" };
        var threads = Options.Whole("--threads", Environment.ProcessorCount, 1, "Runs at a time");

        var command = new Command("sweep", "The back-off search: screens every combination of the given back-off numbers, runs the best on the issue's fleets and seeds, and the best of those on new seeds")
        {
            first, cap, jitter, lateJitter, growthAfter, growth, max, include, fleets, screenFleets, noScreen, screenSeeds, keep, seeds, holdout, holdoutSeeds, deadline, rtt, outFile, writeDocs, threads,
        };
        dps.AddTo(command, withQuotas: false);
        command.SetAction(parse =>
        {
            int throttleRetryAfter = parse.GetValue(dps.ThrottleRetryAfter);
            string file = CommandLine.OutputFile(parse, outFile, writeDocs, throttleRetryAfter == 3 ? "fleet-sweep.md" : $"fleet-sweep-retry-after-{throttleRetryAfter}.md");
            OutputFolder.Prepare(Path.GetDirectoryName(Path.GetFullPath(file))!, parse.GetValue(writeDocs) ? "--write-docs" : "--out");
            var grid = (from f in parse.GetValue(first)!
                        from c in parse.GetValue(cap)!
                        from j in parse.GetValue(jitter)!
                        from k in parse.GetValue(growthAfter)!
                        from g in parse.GetValue(growth)!
                        from m in parse.GetValue(max)!
                        from l in parse.GetValue(lateJitter)!
                        select BackoffSetting.Normalized(new BackoffSetting(Options.Milliseconds(f), Options.Milliseconds(c), j, k, Options.Milliseconds(g), Options.Milliseconds(m), l))).Distinct().ToList();
            var plan = new SearchPlan
            {
                Grid = grid,
                AlwaysInclude = parse.GetValue(include)!,
                ScreenFleets = parse.GetValue(noScreen) ? [] : parse.GetValue(screenFleets)!,
                ScreenSeeds = parse.GetValue(screenSeeds)!.Select(s => (long)s).ToArray(),
                Keep = parse.GetValue(keep),
                Fleets = parse.GetValue(fleets)!,
                Seeds = parse.GetValue(seeds)!.Select(s => (long)s).ToArray(),
                HoldoutCount = parse.GetValue(holdout),
                HoldoutSeeds = parse.GetValue(holdoutSeeds)!.Select(s => (long)s).ToArray(),
                Baseline = new Scenario { Id = "sweep", Title = "sweep", Devices = 1, Dps = dps.Read(parse), RoundTripMilliseconds = parse.GetValue(rtt) },
                Ours = new() { DeadlineSeconds = parse.GetValue(deadline) },
                Threads = parse.GetValue(threads),
            };
            var watch = Stopwatch.StartNew();
            SearchResult result = BackoffSearch.Run(plan, line => output.WriteLine($"[{watch.Elapsed:hh\\:mm\\:ss}] {line}"));
            string dataName = Path.GetFileNameWithoutExtension(file);
            string csv = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, dataName + ".csv");
            string chart = Path.ChangeExtension(csv, ".png");
            IReadOnlyList<SweepRow> rows = SweepData.Rows(result);
            string markdown = SweepReport.Render(result, CommandLine.Replay(args), dataName);
            OutputFolder.WriteText(csv, SweepData.ToCsv(rows));
            SweepChart.Write(rows, chart);
            OutputFolder.WriteText(file, markdown);
            output.WriteLine(markdown);
            output.WriteLine($"written: {file}, {csv}, {chart} ({watch.Elapsed.TotalMinutes:0.0} min)");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Back-off settings such as 24/130/75 or 20/95/75/5/7.5/45, or one line naming <paramref name="option"/> and the format.</summary>
    internal static BackoffSetting[] ParseSettings(ArgumentResult result, string option)
    {
        var settings = new List<BackoffSetting>();
        foreach (Token token in result.Tokens)
        {
            BackoffSetting? setting = BackoffSetting.Parse(token.Value, out string? problem);
            if (setting is null)
            {
                result.AddError($"{option}: {problem}.");
                return [];
            }

            settings.Add(setting);
        }

        return settings.ToArray();
    }
}
