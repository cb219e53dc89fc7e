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

    public static void Emulator(Terminal terminal, EmbeddedEmulator emulator, RunOptions options)
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
            terminal.Line(Field("assigned hub") + outcome.Device.AssignedHub);
            terminal.Line(Field("device id") + outcome.Device.DeviceId);
            terminal.Line(Field("DPS requests") + outcome.DpsRequests.ToString(CultureInfo.InvariantCulture));
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

        terminal.Line(terminal.Colour("Result: NOT PROVISIONED", 31) + ": " + Headline(outcome, options));
        ProvisioningOutcome? dps = outcome.Failure == BootFailure.NotAssigned ? outcome.Provisioning : null;
        if (dps?.ErrorCode is > 0)
        {
            terminal.Line(Field("DPS said") + dps.ErrorCode.ToString(CultureInfo.InvariantCulture) + " " + dps.ErrorMessage
                + (dps.TrackingId is null ? string.Empty : " (tracking id " + dps.TrackingId + ")"));
        }

        terminal.Line(Field("what to check") + (dps?.Hint ?? outcome.Reason));
        if (run.LastFailure is not null && dps?.Kind == OutcomeKind.DeadlineExceeded)
        {
            terminal.Line(Field("last failure") + run.LastFailure);
            if (run.LastFailure.StartsWith("TLS:", StringComparison.Ordinal))
            {
                terminal.Line(Field(string.Empty) + "the device trusts only its configured root CAs: pass the right one with --ca <pem>");
            }
        }

        AppMessages(terminal, run.App);
        terminal.Line(Field("DPS requests") + outcome.DpsRequests.ToString(CultureInfo.InvariantCulture));
        terminal.Line(Field("retry") + (run.Power?.Restarted == true
            ? "a board would restart now: a new device.json was deployed"
            : $"a board would now sleep {Duration(outcome.SleepSeconds)} (failed boot {outcome.FailedBootsInARow} in a row), then boot again"));
        terminal.Line(Field("time taken") + took);
        terminal.Line(Field("exit code") + run.ExitCode.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppMessages(Terminal terminal, AppRun? app)
    {
        if (app is not null)
        {
            terminal.Line(Field("app messages") + $"{app.Sent} of {app.Asked} sent, {app.Accepted} accepted by the hub");
        }
    }

    private static string Headline(BootOutcome outcome, RunOptions options)
    {
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
            _ => "no assignment within deadlineSeconds (" + DeadlineSeconds(options) + " s)",
        };
    }

    private static string DeadlineSeconds(RunOptions options)
    {
        // The deployed device.json says it (the board's own copy, rewritten or not).
        string? text = new FolderFlashStore(options.FlashFolder).ReadText(DeviceConfigFile.FileName);
        DeviceConfig? config = text is null ? null : DeviceConfigFile.Check(text, new HostConfigParser(), requireWifi: false).Config;
        return config is null ? "?" : config.DeadlineSeconds.ToString(CultureInfo.InvariantCulture);
    }

    private static string Duration(int seconds) => $"{seconds / 60} min {seconds % 60} s";

    public static string Field(string name) => "  " + name.PadRight(Label);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
