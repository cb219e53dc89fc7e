using System.Globalization;
using System.Security.Cryptography;
using NanoDps.Emulator;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;
using NanoDps.VirtualDevice.Board;
using NanoDps.VirtualDevice.Demo;

namespace NanoDps.VirtualDevice.Cli;

/// <summary>
/// One run of the virtual device: check the options and the --config file (before the flash folder is
/// touched), start the embedded emulator for the demo, deploy device.json into the flash folder as
/// nanoff does, power on: the core's <see cref="BootSequence"/> on host adapters, then the default
/// application when --app-messages asks for it, and a summary. Every way a run ends prints a result.
/// </summary>
public static class DeviceRun
{
    /// <summary>Runs once, writing to <paramref name="terminal"/>; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static Task<int> RunAsync(RunOptions options, Terminal terminal) => RunAsync(options, terminal, null);

    internal static async Task<int> RunAsync(RunOptions options, Terminal terminal, RunHooks? hooks)
    {
        hooks ??= new RunHooks();
        var routes = new HostRoutes();

        // Everything that can be checked is checked before anything is started or sent: options, the
        // config, the root certificates, then the flash folder.
        List<string> usage = CheckOptions(options, routes, out FaultProfile faults);
        string? configText = null;
        TrustedRoots? roots = null;
        if (usage.Count == 0 && options.ConfigPath is not null)
        {
            ConfigParseResult check = FlashDeployment.Check(options.ConfigPath, out configText);
            if (!check.IsValid)
            {
                RunPrinter.ConfigProblems(terminal, options, check);
                return ExitCodes.Usage;
            }
        }

        if (usage.Count == 0 && (options.ConfigPath is not null || options.CaFiles.Count > 0))
        {
            roots = LoadRoots(options.CaFiles.Count > 0 ? () => TrustedRoots.FromFiles(options.CaFiles) : TrustedRoots.Azure, usage);
        }

        if (usage.Count > 0)
        {
            foreach (string problem in usage)
            {
                terminal.Error.WriteLine("error: " + problem);
            }

            terminal.Error.WriteLine("Run with --help for the options.");
            return ExitCodes.Usage;
        }

        var folder = new FolderFlashStore(options.FlashFolder);
        if (FlashDeployment.CheckWritable(folder) is { } unusable)
        {
            terminal.Error.WriteLine(FlashError(folder, unusable));
            return ExitCodes.Environment;
        }

        EmbeddedEmulator? emulator = null;
        try
        {
            RunPrinter.Banner(terminal);
            Backoff backoff = hooks.Backoff ?? new Backoff();
            if (configText is not null)
            {
                terminal.Line("Config " + Path.GetFullPath(options.ConfigPath!));
            }
            else
            {
                int seed = options.EmulatorSeed ?? RandomNumberGenerator.GetInt32(1_000_000);
                emulator = await EmbeddedEmulator.StartAsync(options.EmulatorDataFolder, faults, seed, hooks.ConfigureEmulator).ConfigureAwait(false);
                roots ??= emulator.Roots();
                foreach (KeyValuePair<string, System.Net.IPEndPoint> route in routes.Routes)
                {
                    emulator.Routes.Add(route.Key, route.Value);
                }

                routes = emulator.Routes;
                RunPrinter.Emulator(terminal, emulator, options, backoff);
            }

            terminal.Line(RunPrinter.Field("trusted roots") + roots!.Describe() + (options.CaFiles.Count > 0 ? " (--ca)" : string.Empty));
            if (emulator is null)
            {
                foreach (KeyValuePair<string, System.Net.IPEndPoint> route in routes.Routes)
                {
                    terminal.Line(RunPrinter.Field("route") + route.Key + " -> " + route.Value + " (--resolve)");
                }
            }

            if (!Deploy(options, terminal, folder, configText, emulator))
            {
                return ExitCodes.Environment;
            }

            terminal.Line();

            // The board's loop blocks (it sleeps between requests), so it gets a thread of its own.
            BoardRun run = await Task.Factory.StartNew(
                () => PowerOn(options, terminal, hooks, folder, roots, routes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            if (run.EnvironmentProblem is not null)
            {
                terminal.Error.WriteLine("error: " + run.EnvironmentProblem);
                return ExitCodes.Environment;
            }

            RunPrinter.Summary(terminal, run, options);
            if (run.ExitCode == ExitCodes.Environment)
            {
                terminal.Error.WriteLine(FlashError(folder, run.FlashFailure!));
            }

            return run.ExitCode;
        }
        catch (InvalidDataException e)
        {
            // A bad enrollments.json in the emulator's data folder.
            terminal.Error.WriteLine("error: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (EmulatorEnvironmentException e)
        {
            // The emulator's own one line (cause and fix), with the option's name as the virtual device spells it.
            terminal.Error.WriteLine("error: the embedded emulator: " + e.Message.Replace("--data", "--emulator-data", StringComparison.Ordinal));
            return ExitCodes.Environment;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            terminal.Error.WriteLine("error: the emulator's data folder " + Path.GetFullPath(options.EmulatorDataFolder) + " cannot be used (" + e.Message + "): choose another with --emulator-data.");
            return ExitCodes.Environment;
        }
        catch (Exception e)
        {
            // Nothing leaves the program unreported: one line, the details only when asked for.
            terminal.Error.WriteLine($"error: internal error ({e.GetType().Name}: {e.Message}); " + (options.Verbose ? "the stack trace follows" : "run with --verbose for details"));
            if (options.Verbose)
            {
                terminal.Error.WriteLine(e.ToString());
            }

            return ExitCodes.Refused;
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

    /// <summary>The one line for a flash folder the board cannot use.</summary>
    internal static string FlashError(FolderFlashStore folder, string problem) =>
        "error: the flash folder " + folder.Folder + " cannot be written (" + problem + "): choose another with --flash.";

    private static bool Deploy(RunOptions options, Terminal terminal, FolderFlashStore folder, string? configText, EmbeddedEmulator? emulator)
    {
        try
        {
            if (configText is not null)
            {
                FlashDeployment.Deploy(folder, configText);
                terminal.Line(RunPrinter.Field("deployed") + "device.json, copied over the one in the flash folder (as nanoff --filedeployment does)");
            }
            else
            {
                terminal.Line(RunPrinter.Field("deployed") + (FlashDeployment.DeployDemo(folder, emulator!)
                    ? "device.json for this emulator's demo group (its first boot replaces the group key with the board's derived key)"
                    : "nothing: the flash folder's device.json is this emulator's already"));
            }

            if (options.Reset)
            {
                FlashDeployment.ForgetAssignment(folder);
                terminal.Line(RunPrinter.Field(string.Empty) + "--reset: stored assignment forgotten (as config/forget-assignment.json does)");
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            terminal.Error.WriteLine(FlashError(folder, e.Message));
            return false;
        }
    }

    private static BoardRun PowerOn(RunOptions options, Terminal terminal, RunHooks hooks, FolderFlashStore folder, TrustedRoots roots, HostRoutes routes)
    {
        terminal.Line("Virtual ESP32, serial console:");
        var log = new ConsoleLog(terminal);
        log.Info("power on; flash folder " + folder.Folder);
        byte[] mac;
        bool created;
        try
        {
            mac = VirtualMac.LoadOrCreate(folder, out created);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return BoardRun.Environment(e.Message);
        }

        log.Info("Wi-Fi MAC " + VirtualMac.Format(mac) + (created
            ? " (a new virtual board: drawn at random, kept in " + VirtualMac.FileName + ")"
            : " (from " + VirtualMac.FileName + ")"));
        if (options.ClockOffsetSeconds != 0)
        {
            log.Warn("--clock-offset: this device's clock runs " + Math.Abs(options.ClockOffsetSeconds).ToString(CultureInfo.InvariantCulture)
                + " s " + (options.ClockOffsetSeconds > 0 ? "ahead of" : "behind") + " the PC's");
        }

        var exchange = new HostHttpExchange(roots, routes);
        var consoleDelay = hooks.Delay is null ? new ConsoleDelay(terminal) : null;
        var power = new VirtualPower();
        var ports = new BootPorts
        {
            Flash = hooks.WrapFlash?.Invoke(folder) ?? folder,
            ConfigParser = new HostConfigParser(),
            Network = new HostNetworkLink(mac),
            ClockSync = new HostClockSync(log),
            Roots = new HostRoots(roots),
            Http = hooks.WrapHttp?.Invoke(exchange) ?? exchange,
            Hmac = new HostHmac(),
            Clock = hooks.Clock ?? new SystemClock(options.ClockOffsetSeconds),
            Delay = hooks.Delay ?? consoleDelay!,
            Random = hooks.Random ?? new HostRandom(),
            Log = log,
            Redactor = log,
            Power = power,
        };

        BootOutcome outcome;
        AppRun? app = null;
        try
        {
            var boot = new BootSequence(ports, VirtualFirmware.Settings(hooks.Backoff));
            var application = new VirtualApplication(ports, options.AppMessages, VirtualFirmware.Version, log);
            outcome = BootRunner.Run(boot, ports, application);
            if (options.AppMessages > 0 && application.Sent > 0)
            {
                app = new AppRun(options.AppMessages, application.Sent, application.Accepted);
            }
        }
        catch (Exception e)
        {
            // The core turns what its ports throw into a failed boot; anything left is this program's own fault.
            return BoardRun.Internal(e, log.Uptime);
        }
        finally
        {
            exchange.Close();
        }

        return new BoardRun(outcome, app, power, exchange.LastFailure, log.Uptime, consoleDelay?.Waited ?? TimeSpan.Zero)
        {
            FlashFailure = folder.LastFailure,
            UnresolvedHosts = exchange.UnresolvedHosts,
            Routes = routes,
            Handshakes = exchange.Handshakes,
        };
    }

    private static TrustedRoots? LoadRoots(Func<TrustedRoots> load, List<string> problems)
    {
        try
        {
            return load();
        }
        catch (InvalidDataException e)
        {
            problems.Add(e.Message);
            return null;
        }
    }

    private static List<string> CheckOptions(RunOptions options, HostRoutes routes, out FaultProfile faults)
    {
        var problems = new List<string>();
        faults = FaultProfile.None;
        if (options.ConfigPath is not null && (options.EmulatorFaults is not null || options.EmulatorSeed is not null || options.EmulatorData is not null))
        {
            problems.Add("--emulator-faults, --emulator-seed and --emulator-data apply to the run against the embedded emulator, not to --config: leave them out, or leave out --config for the demo.");
        }

        if (options.EmulatorFaults is not null)
        {
            FaultProfile? profile = FaultProfile.BuiltIn.FirstOrDefault(p => p.Name.Equals(options.EmulatorFaults, StringComparison.OrdinalIgnoreCase));
            if (profile is null)
            {
                problems.Add($"--emulator-faults must be one of {string.Join(", ", FaultProfile.BuiltIn.Select(p => p.Name))} (got '{options.EmulatorFaults}').");
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
                problems.Add("--resolve " + problem + ".");
            }
        }

        return problems;
    }
}

/// <summary>How the virtual board's run ended: the boot (and application), what the board would do next, and what it took.</summary>
internal sealed record BoardRun(BootOutcome? Outcome, AppRun? App, VirtualPower? Power, string? LastFailure, TimeSpan Uptime, TimeSpan Waited)
{
    /// <summary>A flash folder the board cannot use, or null.</summary>
    public string? EnvironmentProblem { get; init; }

    /// <summary>An exception no port reported, or null.</summary>
    public Exception? InternalError { get; init; }

    /// <summary>The last write to the flash folder that failed, or null.</summary>
    public string? FlashFailure { get; init; }

    /// <summary>Host names DNS could not resolve during the run.</summary>
    public IReadOnlyCollection<string> UnresolvedHosts { get; init; } = [];

    /// <summary>The routes (--resolve, or the embedded emulator's) the run connected through.</summary>
    public HostRoutes Routes { get; init; } = new();

    /// <summary>TLS connections (handshakes) this boot opened, to DPS and to the hub.</summary>
    public (int Dps, int Hub) Handshakes { get; init; }

    /// <summary>True when the boot failed because the flash folder could not be written (not because of DPS or the hub).</summary>
    public bool FlashFailed => Outcome is { IsProvisioned: false, Failure: BootFailure.Unexpected } && FlashFailure is not null;

    /// <summary>The process exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode => Outcome is null ? ExitCodes.Refused
        : Outcome.IsProvisioned ? (App is null || App.Accepted == App.Asked ? ExitCodes.Provisioned : ExitCodes.Refused)
        : FlashFailed ? ExitCodes.Environment
        : Outcome.Failure is BootFailure.ConfigMissing or BootFailure.ConfigInvalid ? ExitCodes.Usage
        : Outcome.Failure == BootFailure.NotAssigned && Outcome.Provisioning?.Kind == OutcomeKind.DeadlineExceeded ? ExitCodes.Deadline
        : ExitCodes.Refused;

    public static BoardRun Environment(string problem) => new(null, null, null, null, TimeSpan.Zero, TimeSpan.Zero) { EnvironmentProblem = problem };

    public static BoardRun Internal(Exception e, TimeSpan uptime) => new(null, null, null, null, uptime, TimeSpan.Zero) { InternalError = e };
}
