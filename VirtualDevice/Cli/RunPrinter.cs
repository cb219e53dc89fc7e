using System.Globalization;
using NanoDps.Emulator;
using NanoDps.Provisioning;
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

    public static void ConfigProblems(Terminal terminal, RunOptions options, ConfigLoad load)
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

    public static void Summary(Terminal terminal, BootReport report, TimeSpan elapsed, TimeSpan waited, string? lastFailure, DeviceConfig config)
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

    public static string Field(string name) => "  " + name.PadRight(Label);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
