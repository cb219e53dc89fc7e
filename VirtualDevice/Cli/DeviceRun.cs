using System.Globalization;
using System.Security.Cryptography;
using NanoDps.Emulator;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;
using NanoDps.VirtualDevice.Board;
using NanoDps.VirtualDevice.Demo;

namespace NanoDps.VirtualDevice.Cli;

/// <summary>
/// One run of the virtual device: check the options, get the config (a device.json, or the embedded
/// emulator's demo), power on the virtual board on its flash folder, boot it, and print a summary.
/// A config problem is reported before the flash folder is touched.
/// </summary>
public static class DeviceRun
{
    private const int Label = 16;

    /// <summary>Runs once, writing to <paramref name="terminal"/>; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static Task<int> RunAsync(RunOptions options, Terminal terminal) => RunAsync(options, terminal, null);

    internal static async Task<int> RunAsync(RunOptions options, Terminal terminal, RunHooks? hooks)
    {
        hooks ??= new RunHooks();
        var routes = new HostRoutes();
        List<string> usage = CheckOptions(options, routes, out FaultProfile faults);
        if (usage.Count > 0)
        {
            foreach (string problem in usage)
            {
                terminal.Error.WriteLine("error: " + problem);
            }

            terminal.Error.WriteLine("Run with --help for the options.");
            return ExitCodes.Usage;
        }

        EmbeddedEmulator? emulator = null;
        try
        {
            DeviceConfig config;
            TrustedRoots roots;
            if (options.ConfigPath is not null)
            {
                ConfigLoad load = ConfigFile.Load(options.ConfigPath);
                if (load.Config is null)
                {
                    PrintConfigProblems(terminal, options, load);
                    return ExitCodes.Usage;
                }

                config = load.Config;
                roots = options.CaFiles.Count > 0 ? TrustedRoots.FromFiles(options.CaFiles) : TrustedRoots.Azure();
                Banner(terminal);
                terminal.Line("Config " + Path.GetFullPath(options.ConfigPath));
                foreach (string note in load.Notes)
                {
                    terminal.Line("  note: " + note);
                }
            }
            else
            {
                Banner(terminal);
                int seed = options.EmulatorSeed ?? RandomNumberGenerator.GetInt32(1_000_000);
                emulator = await EmbeddedEmulator.StartAsync(options.EmulatorDataFolder, faults, seed, hooks.ConfigureEmulator).ConfigureAwait(false);
                config = emulator.DeviceConfig();
                roots = options.CaFiles.Count > 0 ? TrustedRoots.FromFiles(options.CaFiles) : emulator.Roots();
                foreach (KeyValuePair<string, System.Net.IPEndPoint> route in routes.Routes)
                {
                    emulator.Routes.Add(route.Key, route.Value);
                }

                routes = emulator.Routes;
                PrintEmulator(terminal, emulator, options);
            }

            terminal.Line(Field("trusted roots") + roots.Describe() + (options.CaFiles.Count > 0 ? " (--ca)" : string.Empty));
            foreach (KeyValuePair<string, System.Net.IPEndPoint> route in routes.Routes.Where(r => emulator is null))
            {
                terminal.Line(Field("route") + route.Key + " -> " + route.Value + " (--resolve)");
            }

            terminal.Line();
            // The board's loop blocks (it sleeps between requests), so it gets a thread of its own.
            BootResult result = await Task.Factory.StartNew(
                () => Boot(options, terminal, hooks, config, roots, routes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            PrintSummary(terminal, result.Report, result.Uptime, result.Waited, result.LastFailure, config);
            return result.Report.ExitCode;
        }
        catch (InvalidDataException e)
        {
            terminal.Error.WriteLine("error: " + e.Message);
            return ExitCodes.Usage;
        }
        finally
        {
            if (emulator is not null)
            {
                hooks.BeforeEmulatorStops?.Invoke(emulator.Server);
                await emulator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static BootResult Boot(RunOptions options, Terminal terminal, RunHooks hooks, DeviceConfig config, TrustedRoots roots, HostRoutes routes)
    {
        var folder = new FolderFlashStore(options.FlashFolder);
        IFlashStore flash = hooks.WrapFlash?.Invoke(folder) ?? folder;
        terminal.Line("Virtual ESP32, serial console:");
        var log = new ConsoleLog(terminal);
        log.Info("power on; flash folder " + folder.Folder);
        byte[] mac = VirtualMac.LoadOrCreate(flash, out bool created);
        log.Info("Wi-Fi MAC " + VirtualMac.Format(mac) + (created
            ? " (a new virtual board: drawn at random, kept in " + VirtualMac.FileName + ")"
            : " (from " + VirtualMac.FileName + ")"));
        if (options.Reset)
        {
            new RecordStore(flash).Forget();
            log.Info("--reset: stored assignment forgotten");
        }

        using var exchange = new HostHttpExchange(roots, routes);
        var consoleDelay = hooks.Delay is null ? new ConsoleDelay(terminal) : null;
        var board = new VirtualBoard(new BoardParts
        {
            Mac = mac,
            Flash = flash,
            Http = hooks.WrapHttp?.Invoke(exchange) ?? exchange,
            Clock = hooks.Clock ?? new SystemClock(options.ClockOffsetSeconds),
            Delay = hooks.Delay ?? consoleDelay!,
            Random = hooks.Random ?? new HostRandom(),
            Log = log,
            Backoff = hooks.Backoff,
        });
        BootReport report = board.Boot(config);
        return new BootResult(report, exchange.LastFailure, log.Uptime, consoleDelay?.Waited ?? TimeSpan.Zero);
    }

    private static void Banner(Terminal terminal)
    {
        terminal.Line("nanoDps virtual device: the ESP32 firmware's provisioning code (DeviceFirmware/Provisioning) running on this PC.");
        terminal.Line();
    }

    private static List<string> CheckOptions(RunOptions options, HostRoutes routes, out FaultProfile faults)
    {
        var problems = new List<string>();
        faults = FaultProfile.None;
        if (options.ConfigPath is not null && (options.EmulatorFaults is not null || options.EmulatorSeed is not null || options.EmulatorData is not null))
        {
            problems.Add("--emulator-faults, --emulator-seed and --emulator-data apply to the run against the embedded emulator, not to --config");
        }

        if (options.EmulatorFaults is not null)
        {
            FaultProfile? profile = FaultProfile.BuiltIn.FirstOrDefault(p => p.Name.Equals(options.EmulatorFaults, StringComparison.OrdinalIgnoreCase));
            if (profile is null)
            {
                problems.Add($"--emulator-faults: no profile '{options.EmulatorFaults}'; the profiles are {string.Join(", ", FaultProfile.BuiltIn.Select(p => p.Name))}");
            }

            faults = profile ?? FaultProfile.None;
        }

        foreach (string text in options.Resolve)
        {
            if (HostRoutes.ParseRoute(text, out string? problem) is { } route)
            {
                routes.Add(route.Key, route.Value);
            }
            else
            {
                problems.Add("--resolve: " + problem);
            }
        }

        return problems;
    }

    private static void PrintConfigProblems(Terminal terminal, RunOptions options, ConfigLoad load)
    {
        TextWriter error = terminal.Error;
        error.WriteLine($"The config {options.ConfigPath} cannot be used ({load.Problems.Count} problem{(load.Problems.Count == 1 ? string.Empty : "s")}):");
        foreach (ConfigError problem in load.Problems)
        {
            error.WriteLine("  " + problem.Field + ": " + problem.Problem);
        }

        foreach (string note in load.Notes)
        {
            error.WriteLine("  note: " + note);
        }

        error.WriteLine("Nothing was sent and the flash folder was not touched. docs/virtual-device.md describes every field.");
    }

    private static void PrintEmulator(Terminal terminal, EmbeddedEmulator emulator, RunOptions options)
    {
        DpsEmulatorServer server = emulator.Server;
        EnrollmentGroup group = emulator.Group;
        terminal.Line("DPS emulator, started in this process (data: " + server.DataFolder + ")");
        terminal.Line(Field("listening on") + server.BaseAddress);
        terminal.Line(Field("id scope") + server.IdScope);
        terminal.Line(Field("enrollment") + $"group '{group.EnrollmentGroupId}' ({(group.Enabled ? "enabled" : "DISABLED")}, symmetric key), hubs {string.Join(", ", group.IotHubs)}");
        terminal.Line(Field("device config") + $"idScope {server.IdScope}, endpoint \"{EmbeddedEmulator.Endpoint}\", groupKey = the group's primary key (never printed)");
        terminal.Line(Field("network") + $"{EmbeddedEmulator.Endpoint} and the hub names connect to 127.0.0.1:{server.Port}; TLS still checks each name");
        string faults = server.Options.Faults.Name;
        terminal.Line(Field("faults") + (faults == FaultProfile.None.Name
            ? "none (try --emulator-faults throttle-storm --reset)"
            : $"{faults}, seed {server.Options.FaultSeed} (replay: --emulator-faults {faults} --emulator-seed {server.Options.FaultSeed})"));
        if (faults != FaultProfile.None.Name && !options.Reset)
        {
            terminal.Line(Field(string.Empty) + "a device that is already provisioned makes no DPS request: add --reset to see the faults");
        }
    }

    private static void PrintSummary(Terminal terminal, BootReport report, TimeSpan elapsed, TimeSpan waited, string? lastFailure, DeviceConfig config)
    {
        terminal.Line();
        string took = Seconds(elapsed) + " from power-on" + (waited > TimeSpan.FromMilliseconds(100) ? $" ({Seconds(waited)} of it waiting as DPS and the back-off asked)" : string.Empty);
        if (report.Provisioned)
        {
            terminal.Line(report.UsedStoredAssignment
                ? terminal.Colour("Result: ALREADY PROVISIONED", 32) + ": the stored assignment matches the config, so no DPS request was made."
                : terminal.Colour("Result: PROVISIONED", 32));
            terminal.Line(Field("assigned hub") + report.AssignedHub);
            terminal.Line(Field("device id") + report.DeviceId);
            terminal.Line(Field("DPS requests") + report.DpsRequests.ToString(CultureInfo.InvariantCulture));
            terminal.Line(Field("time taken") + took);
            terminal.Line(report.UsedStoredAssignment
                ? "To provision again, add --reset (forgets the stored assignment)."
                : "Run the same command again: the device finds its stored assignment and makes no DPS request.");
            return;
        }

        terminal.Line(terminal.Colour("Result: NOT PROVISIONED", 31) + ": " + Headline(report, config));
        ProvisioningOutcome? outcome = report.FailedOutcome;
        if (outcome?.ErrorCode is > 0)
        {
            terminal.Line(Field("DPS said") + outcome.ErrorCode.ToString(CultureInfo.InvariantCulture) + " " + outcome.ErrorMessage
                + (outcome.TrackingId is null ? string.Empty : " (tracking id " + outcome.TrackingId + ")"));
        }

        if (outcome?.Hint is not null)
        {
            terminal.Line(Field("what to check") + outcome.Hint);
        }

        if (report.HubProblem is not null)
        {
            terminal.Line(Field("what to check") + report.HubProblem);
        }

        if (lastFailure is not null && outcome?.Kind == OutcomeKind.DeadlineExceeded)
        {
            terminal.Line(Field("last failure") + lastFailure);
            if (lastFailure.StartsWith("TLS:", StringComparison.Ordinal))
            {
                terminal.Line(Field(string.Empty) + "the device trusts only its configured root CAs: pass the right one with --ca <pem>");
            }
        }

        terminal.Line(Field("DPS requests") + report.DpsRequests.ToString(CultureInfo.InvariantCulture));
        terminal.Line(Field("time taken") + took);
        terminal.Line(Field("exit code") + report.ExitCode.ToString(CultureInfo.InvariantCulture));
    }

    private static string Headline(BootReport report, DeviceConfig config)
    {
        ProvisioningOutcome? outcome = report.FailedOutcome;
        if (outcome is null)
        {
            return "assigned to " + report.AssignedHub + ", but the hub did not take the proof message";
        }

        string status = outcome.HttpStatus > 0 ? " (HTTP " + outcome.HttpStatus.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty;
        return outcome.Kind switch
        {
            OutcomeKind.Unauthorized => "DPS refused the device's SAS token twice" + status,
            OutcomeKind.Disabled => "the enrollment (or this device's registration) is disabled in DPS",
            OutcomeKind.Failed => "DPS could not assign a hub" + status,
            OutcomeKind.NotFound => "DPS knows no such scope, enrollment or operation" + status,
            OutcomeKind.BadRequest => "DPS rejected the request as malformed" + status,
            OutcomeKind.ClockNotSet => "the device clock is not set, so no SAS token or TLS can work",
            OutcomeKind.DeadlineExceeded => "no assignment within deadlineSeconds (" + config.DeadlineSeconds.ToString(CultureInfo.InvariantCulture) + " s)",
            _ => outcome.Kind.ToString(),
        };
    }

    private static string Field(string name) => "  " + name.PadRight(Label);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private sealed record BootResult(BootReport Report, string? LastFailure, TimeSpan Uptime, TimeSpan Waited);
}
