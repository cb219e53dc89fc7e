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
                    RunPrinter.ConfigProblems(terminal, options, load);
                    return ExitCodes.Usage;
                }

                config = load.Config;
                roots = options.CaFiles.Count > 0 ? TrustedRoots.FromFiles(options.CaFiles) : TrustedRoots.Azure();
                RunPrinter.Banner(terminal);
                terminal.Line("Config " + Path.GetFullPath(options.ConfigPath));
                foreach (string note in load.Notes)
                {
                    terminal.Line("  note: " + note);
                }
            }
            else
            {
                RunPrinter.Banner(terminal);
                int seed = options.EmulatorSeed ?? RandomNumberGenerator.GetInt32(1_000_000);
                emulator = await EmbeddedEmulator.StartAsync(options.EmulatorDataFolder, faults, seed, hooks.ConfigureEmulator).ConfigureAwait(false);
                config = emulator.DeviceConfig();
                roots = options.CaFiles.Count > 0 ? TrustedRoots.FromFiles(options.CaFiles) : emulator.Roots();
                foreach (KeyValuePair<string, System.Net.IPEndPoint> route in routes.Routes)
                {
                    emulator.Routes.Add(route.Key, route.Value);
                }

                routes = emulator.Routes;
                RunPrinter.Emulator(terminal, emulator, options);
            }

            terminal.Line(RunPrinter.Field("trusted roots") + roots.Describe() + (options.CaFiles.Count > 0 ? " (--ca)" : string.Empty));
            if (emulator is null)
            {
                foreach (KeyValuePair<string, System.Net.IPEndPoint> route in routes.Routes)
                {
                    terminal.Line(RunPrinter.Field("route") + route.Key + " -> " + route.Value + " (--resolve)");
                }
            }

            terminal.Line();
            // The board's loop blocks (it sleeps between requests), so it gets a thread of its own.
            BootResult result = await Task.Factory.StartNew(
                () => Boot(options, terminal, hooks, config, roots, routes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            RunPrinter.Summary(terminal, result.Report, result.Uptime, result.Waited, result.LastFailure, config);
            return result.Report.ExitCode;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // A bad enrollments.json, root certificate or MAC file, or a folder that cannot be used.
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
        if (options.ClockOffsetSeconds != 0)
        {
            log.Warn("--clock-offset: this device's clock runs " + Math.Abs(options.ClockOffsetSeconds).ToString(CultureInfo.InvariantCulture)
                + " s " + (options.ClockOffsetSeconds > 0 ? "ahead of" : "behind") + " the PC's");
        }

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

    private sealed record BootResult(BootReport Report, string? LastFailure, TimeSpan Uptime, TimeSpan Waited);
}
