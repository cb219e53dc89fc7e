using System.Globalization;
using NanoDps.Emulator;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;
using NanoDps.VirtualDevice.Board;
using NanoDps.VirtualDevice.Demo;

namespace NanoDps.VirtualDevice.Cli;

/// <summary>What a run prints around the board's own log: the banner, the emulator or config, config problems, the summary.</summary>
internal static class RunPrinter
{
    private const int Label = 16;

    /// <summary>The domain of the emulator's hub names, which no DNS knows.</summary>
    private const string EmulatorHubSuffix = ".dps-emulator.local";

    public static void Banner(Terminal terminal)
    {
        terminal.Line("nanoDps virtual device: the ESP32 firmware's provisioning code (DeviceFirmware/Provisioning) running on this PC.");
        terminal.Line();
    }

    public static void ConfigProblems(Terminal terminal, RunOptions options, ConfigParseResult check)
    {
        TextWriter error = terminal.Error;
        error.WriteLine($"The config {options.ConfigPath} cannot be used ({check.Errors.Length} problem{(check.Errors.Length == 1 ? string.Empty : "s")}):");
        foreach (ConfigError problem in check.Errors)
        {
            error.WriteLine("  " + problem.Field + ": " + problem.Problem);
        }

        foreach (string note in check.Notes)
        {
            error.WriteLine("  note: " + note);
        }

        error.WriteLine("Nothing was sent and the flash folder was not touched. config/README.md describes every field.");
    }

    public static void Emulator(Terminal terminal, EmbeddedEmulator emulator, RunOptions options, Backoff backoff)
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
        if (faults == FaultProfile.None.Name)
        {
            terminal.Line(Field("faults") + "none (" + FaultDemoSuggestion(server.Options, backoff) + ")");
            return;
        }

        terminal.Line(Field("faults") + $"{faults}, seed {server.Options.FaultSeed} (replay: --emulator-faults {faults} --emulator-seed {server.Options.FaultSeed})");
        FaultForecast? forecast = FaultForecast.For(server.Options, backoff);
        terminal.Line(Field("expect") + (forecast is null
            ? $"faults on more than {FaultForecast.Horizon} DPS requests in a row, so a long run: the firmware backs off up to minutes per fault (a fleet must not hammer a DPS in trouble)"
            : forecast.Describe()));
        if (forecast is null || forecast.Longest > FaultForecast.ShortDemo)
        {
            terminal.Line(Field(string.Empty) + "for a storm of about two minutes: " + FaultDemoSuggestion(server.Options, backoff, server.Options.Faults));
        }

        if (!options.Reset)
        {
            terminal.Line(Field(string.Empty) + "a device that is already provisioned makes no DPS request: add --reset to see the faults");
        }
    }

    /// <summary>"try --emulator-faults throttle-storm --emulator-seed 3 --reset: 3 faults, ..." for a storm of about two minutes.</summary>
    public static string FaultDemoSuggestion(DpsEmulatorOptions options, Backoff backoff, FaultProfile? profile = null)
    {
        profile ??= FaultProfile.ThrottleStorm;
        return FaultForecast.ShortDemoSeed(profile, options, backoff) is { } demo
            ? $"try --emulator-faults {profile.Name} --emulator-seed {demo.Seed} --reset: {demo.Forecast.Faults} faults, {FaultForecast.Span(demo.Forecast.Shortest, demo.Forecast.Longest)} of back-off"
            : $"try --emulator-faults {profile.Name} --reset";
    }

    public static void Summary(Terminal terminal, BoardRun run, RunOptions options)
    {
        terminal.Line();
        string took = Seconds(run.Uptime) + " from power-on" + (run.Waited > TimeSpan.FromMilliseconds(100) ? $" ({Seconds(run.Waited)} of it waiting, as DPS, the back-off or the telemetry interval asked)" : string.Empty);
        BootOutcome? outcome = run.Outcome;
        if (outcome is null)
        {
            Exception e = run.InternalError!;
            terminal.Line(terminal.Colour("Result: NOT PROVISIONED", 31) + $": internal error ({e.GetType().Name}: {e.Message}); "
                + (options.Verbose ? "the stack trace follows" : "run with --verbose for details"));
            if (options.Verbose)
            {
                terminal.Line(e.ToString());
            }

            terminal.Line(Field("exit code") + run.ExitCode.ToString(CultureInfo.InvariantCulture));
            return;
        }

        if (outcome.IsProvisioned)
        {
            terminal.Line(outcome.UsedStoredAssignment
                ? terminal.Colour("Result: ALREADY PROVISIONED", 32) + ": the stored assignment matches the config, so no DPS request was made."
                : terminal.Colour("Result: PROVISIONED", 32));
            terminal.Line(Field("assigned hub") + Shown(outcome.Device.AssignedHub));
            terminal.Line(Field("device id") + Shown(outcome.Device.DeviceId));
            if (outcome.Device.PayloadJson is not null)
            {
                terminal.Line(Field("DPS payload") + Shown(outcome.Device.PayloadJson));
            }

            terminal.Line(Field("DPS requests") + outcome.DpsRequests.ToString(CultureInfo.InvariantCulture));
            Handshakes(terminal, run);
            terminal.Line(Field("boot count") + outcome.Device.BootCount.ToString(CultureInfo.InvariantCulture));
            AppMessages(terminal, run.App);
            terminal.Line(Field("time taken") + took);
            if (run.ExitCode != ExitCodes.Provisioned)
            {
                terminal.Line(Field("exit code") + run.ExitCode.ToString(CultureInfo.InvariantCulture));
            }

            terminal.Line(outcome.UsedStoredAssignment
                ? "To provision again, add --reset (forgets the stored assignment)."
                : "Run the same command again: the device finds its stored assignment and makes no DPS request.");
            return;
        }

        // The board's own device.json in the flash folder (rewritten or not), read once for the headline and the hints.
        DeviceConfig? deployed = DeployedConfig(options);
        terminal.Line(terminal.Colour("Result: NOT PROVISIONED", 31) + ": " + Shown(Headline(run, options, deployed)));
        ProvisioningOutcome? dps = outcome.Failure == BootFailure.NotAssigned ? outcome.Provisioning : null;
        if (dps?.ErrorCode is > 0)
        {
            terminal.Line(Field("DPS said") + dps.ErrorCode.ToString(CultureInfo.InvariantCulture) + " " + Shown(dps.ErrorMessage)
                + (dps.TrackingId is null ? string.Empty : " (tracking id " + Shown(dps.TrackingId) + ")"));
        }

        terminal.Line(Field("what to check") + Shown(dps?.Hint ?? outcome.Reason));
        if (run.LastFailure is not null && dps?.Kind == OutcomeKind.DeadlineExceeded)
        {
            terminal.Line(Field("last failure") + Shown(run.LastFailure));
            if (run.LastFailure.StartsWith("TLS:", StringComparison.Ordinal))
            {
                terminal.Line(Field(string.Empty) + "the device trusts only its configured root CAs: pass the right one with --ca <pem>");
            }
        }

        ResolveHints(terminal, run, deployed);

        AppMessages(terminal, run.App);
        terminal.Line(Field("DPS requests") + outcome.DpsRequests.ToString(CultureInfo.InvariantCulture));
        Handshakes(terminal, run);
        terminal.Line(Field("retry") + (run.Power?.Restarted == true
            ? "a board would restart now: a new device.json was deployed"
            : $"a board would now sleep {Duration(outcome.SleepSeconds)} (failed boot {outcome.FailedBootsInARow} in a row), then boot again"));
        terminal.Line(Field("time taken") + took);
        terminal.Line(Field("exit code") + run.ExitCode.ToString(CultureInfo.InvariantCulture));
    }

    private static void Handshakes(Terminal terminal, BoardRun run) =>
        terminal.Line(Field("TLS handshakes") + $"{run.Handshakes.Dps + run.Handshakes.Hub} this boot ({run.Handshakes.Dps} to DPS, {run.Handshakes.Hub} to the hub)");

    private static void AppMessages(Terminal terminal, AppRun? app)
    {
        if (app is not null)
        {
            terminal.Line(Field("app messages") + $"{app.Sent} of {app.Asked} sent, {app.Accepted} accepted by the hub");
        }
    }

    private static string Headline(BoardRun run, RunOptions options, DeviceConfig? deployed)
    {
        BootOutcome outcome = run.Outcome!;
        ProvisioningOutcome? dps = outcome.Provisioning;
        switch (outcome.Failure)
        {
            case BootFailure.HubRejected:
            case BootFailure.HubFailed:
                return "assigned to " + outcome.Record?.AssignedHub + ", but the hub did not take the proof message";
            case BootFailure.ClockNotSet:
                return "the device clock is not set, so no SAS token or TLS can work";
            case BootFailure.ConfigMissing:
            case BootFailure.ConfigInvalid:
                return "the device.json in the flash folder cannot be used";
            case BootFailure.Unexpected when run.FlashFailed:
                return "the flash folder " + Path.GetFullPath(options.FlashFolder) + " cannot be written (" + run.FlashFailure + ")";
            case BootFailure.NotAssigned when dps is not null:
                break;
            default:
                return BootOutcome.FailureName(outcome.Failure);
        }

        string status = dps.HttpStatus > 0 ? " (HTTP " + dps.HttpStatus.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty;
        return dps.Kind switch
        {
            OutcomeKind.Unauthorized => "DPS refused the device's SAS token twice" + status,
            OutcomeKind.Disabled => "the enrollment (or this device's registration) is disabled in DPS",
            OutcomeKind.Failed => "DPS could not assign a hub" + status,
            OutcomeKind.NotFound => "DPS knows no such scope, enrollment or operation" + status,
            OutcomeKind.BadRequest => "DPS rejected the request as malformed" + status,
            OutcomeKind.ClockNotSet => "the device clock is not set, so no SAS token or TLS can work",
            _ => DeadlineHeadline(dps, deployed),
        };
    }

    private static string DeadlineHeadline(ProvisioningOutcome dps, DeviceConfig? config)
    {
        if (config is null)
        {
            return "no assignment within deadlineSeconds";
        }

        string headline = "no assignment within deadlineSeconds (" + config.DeadlineSeconds.ToString(CultureInfo.InvariantCulture) + " s)";
        return dps.ElapsedMilliseconds < config.DeadlineSeconds * 1000L
            ? headline + ": stopped " + Seconds(TimeSpan.FromMilliseconds(dps.ElapsedMilliseconds)) + " in, as the next attempt would have come after it"
            : headline;
    }

    /// <summary>The device.json in the flash folder (the board's own copy, rewritten or not), or null.</summary>
    private static DeviceConfig? DeployedConfig(RunOptions options)
    {
        string? text = new FolderFlashStore(options.FlashFolder).ReadText(DeviceConfigFile.FileName);
        return text is null ? null : DeviceConfigFile.Check(text, new HostConfigParser(), requireWifi: false).Config;
    }

    /// <summary>
    /// A host name DNS did not resolve, or an emulator's hub name (*.dps-emulator.local) the board could not
    /// reach, is most often a separately started emulator run without its --resolve options: say which to add.
    /// </summary>
    private static void ResolveHints(Terminal terminal, BoardRun run, DeviceConfig? deployed)
    {
        var hosts = new List<string>(run.UnresolvedHosts);
        string? hub = run.Outcome?.Record?.AssignedHub;
        if (hub is not null && run.Outcome!.Failure == BootFailure.HubFailed
            && hub.EndsWith(EmulatorHubSuffix, StringComparison.OrdinalIgnoreCase) && !run.Routes.Routes.ContainsKey(hub)
            && !hosts.Contains(hub, StringComparer.OrdinalIgnoreCase))
        {
            hosts.Add(hub);
        }

        string port = EmulatorPort(deployed, run.Routes);
        for (int i = 0; i < hosts.Count; i++)
        {
            string route = $"--resolve {hosts[i]}=127.0.0.1:{port}";
            terminal.Line(Field(i == 0 ? "hint" : string.Empty) + (hosts[i].EndsWith(EmulatorHubSuffix, StringComparison.OrdinalIgnoreCase)
                ? $"{hosts[i]} is a DPS emulator's hub: add {route} (the emulator prints the whole command)"
                : $"DNS has no address for {hosts[i]}: if it is a DPS emulator's name, add {route} (the emulator prints the whole command); otherwise check the name"));
        }
    }

    /// <summary>The port an emulator serves DPS and its hubs on: the config endpoint's, or its route's; "&lt;port&gt;" when neither says.</summary>
    private static string EmulatorPort(DeviceConfig? config, HostRoutes routes)
    {
        string endpoint = config?.Endpoint ?? string.Empty;
        int colon = endpoint.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            return endpoint[(colon + 1)..];
        }

        return routes.Routes.TryGetValue(endpoint, out System.Net.IPEndPoint? target) ? target.Port.ToString(CultureInfo.InvariantCulture) : "<port>";
    }

    private static string Duration(int seconds) => $"{seconds / 60} min {seconds % 60} s";

    /// <summary>Text a server chose, its control characters escaped (see <see cref="NanoDps.Emulator.Printable"/>).</summary>
    private static string? Shown(string? text) => NanoDps.Emulator.Printable.Escape(text);

    public static string Field(string name) => "  " + name.PadRight(Label);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
