using System.CommandLine;
using NanoDps.FleetSim.Live;
using NanoDps.FleetSim.Report;

namespace NanoDps.FleetSim.Cli;

/// <summary>
/// `FleetSim emulator`: the simulation checked against the real emulator. Runs N real core flows
/// on threads against a DPS emulator started in this process, then the simulation with the same
/// parameters, and prints both side by side (fleet-emulator-N.md in the output folder).
/// </summary>
internal static class EmulatorCommand
{
    public static Command Create(TextWriter output, TextWriter error, string[] args)
    {
        var devices = Options.Whole("--devices", 200, 1, "Boards, all booting at once (one thread each)");
        var seed = Options.Whole("--seed", 1, 0, "Seed of the boards' jitter: board i draws as simulated device i");
        var simSeeds = Options.WholeList("--simulation-seeds", Enumerable.Range(1, 10).ToArray(), 0, "Seeds of the simulation runs whose mean is compared");
        var timeout = Options.Seconds("--request-timeout", 30, 1, "Timeout of one request (s)");
        var outFolder = new Option<string>("--out") { Description = $"Folder for fleet-emulator-N.md (default {OutputFolder.Scratch}/)", HelpName = "folder" };
        var writeDocs = new Option<bool>("--write-docs") { Description = "Write the repository's docs/results/fleet-emulator-N.md" };
        var threads = Options.Whole("--threads", Environment.ProcessorCount, 1, "Simulation runs at a time");
        var dps = new DpsOptionSet(registrationsPerMinute: 240);
        var ours = new BackoffOptionSet();
        var command = new Command("emulator", "The simulation checked against the real emulator: N real core flows on threads (real TLS, real sleeps) against a DPS emulator started in this process, beside the simulation of the same fleet")
        {
            devices, seed, simSeeds, timeout, outFolder, writeDocs, threads,
        };
        dps.AddTo(command);
        ours.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(dps.AssigningRetryAfter) < 0)
            {
                result.AddError("--assigning-retry-after must be 0 or more here: the emulator always sends Retry-After with a 202.");
            }
        });
        command.SetAction(async (parse, cancellation) =>
        {
            DirectoryInfo folder = OutputFolder.Prepare(CommandLine.OutputFolderOf(parse, outFolder, writeDocs), parse.GetValue(writeDocs) ? "--write-docs" : "--out");
            var options = new LiveFleetOptions
            {
                Devices = parse.GetValue(devices),
                Dps = dps.Read(parse),
                Ours = ours.Read(parse),
                Seed = parse.GetValue(seed),
                RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
            };
            output.WriteLine($"{options.Devices} boards against the emulator, {options.Dps.RegistrationsPerMinute} registrations/min: ideal 99% at "
                + $"{options.Devices * 0.99 * 60 / options.Dps.RegistrationsPerMinute:0} s, so this takes a few minutes of real time for large fleets...");
            ComparisonResult result;
            try
            {
                result = await EmulatorComparison.RunAsync(options, parse.GetValue(simSeeds)!.Select(s => (long)s).ToArray(), parse.GetValue(threads), cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                error.WriteLine("stopped (Ctrl+C): the boards' flows were ended, nothing was written.");
                return ExitCodes.Interrupted;
            }
            catch (IOException e)
            {
                throw new EnvironmentRefusedException($"the DPS emulator did not start ({e.Message.TrimEnd('.')}): check that a loopback port and the temporary folder ({Path.GetTempPath()}) can be used.", e);
            }

            string markdown = result.Render(CommandLine.Replay(args));
            string file = Path.Combine(folder.FullName, $"fleet-emulator-{options.Devices}.md");
            OutputFolder.WriteText(file, markdown);
            output.WriteLine(markdown);
            output.WriteLine($"written: {file}");
            if (result.Live.NotProvisioned.Count > 0)
            {
                error.WriteLine($"error: {result.Live.NotProvisioned.Count} of {options.Devices} boards were not provisioned against the emulator (first: {result.Live.NotProvisioned[0]}): the comparison does not hold.");
                return ExitCodes.Failed;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
