using System.CommandLine;

namespace NanoDps.VirtualDevice.Cli;

/// <summary>The command line: the device run (no command) and the tools derive-key and sas.</summary>
public static class CommandLine
{
    /// <summary>Parses <paramref name="args"/> and runs what they ask; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, Terminal terminal)
    {
        var config = new Option<string>("--config") { Description = "device.json to deploy into the flash folder (as nanoff --filedeployment does) and boot with; the board's format, Wi-Fi fields ignored. Without it: the demo against a DPS emulator started in this process", HelpName = "file" };
        var flash = new Option<string>("--flash") { Description = "The virtual board's flash folder, its I:\\ drive: MAC, device.json, stored assignment, boot counter", DefaultValueFactory = _ => RunOptions.DefaultFlashFolder, HelpName = "folder" };
        var reset = new Option<bool>("--reset") { Description = "Forget the stored assignment first, so the device provisions again" };
        var faults = new Option<string>("--emulator-faults") { Description = "Run the demo against a faulty emulator: none, throttle-storm, server-errors, connection-resets, slow, malformed, chaos", HelpName = "profile" };
        var seed = new Option<int?>("--emulator-seed") { Description = "Seed of the emulator's faults, to replay a run (default: random, printed)", HelpName = "n" };
        var emulatorData = new Option<string>("--emulator-data") { Description = "Data folder of the embedded emulator (default .virtual-device/emulator)", HelpName = "folder" };
        var ca = new Option<string[]>("--ca") { Description = "Trust this root CA (PEM) instead of the default: the emulator's ca.pem, or DigiCert Global Root G2 + Microsoft RSA Root CA 2017 with --config. Repeatable", HelpName = "pem", AllowMultipleArgumentsPerToken = false };
        var resolve = new Option<string[]>("--resolve") { Description = "Connect HOST to ADDRESS:PORT instead of asking DNS (TLS still checks HOST), e.g. hub-1.dps-emulator.local=127.0.0.1:8443. Repeatable", HelpName = "host=address:port" };
        var clockOffset = new Option<long>("--clock-offset") { Description = "Run the device clock this many seconds ahead of the PC's (negative: behind)", HelpName = "seconds" };
        var appMessages = new Option<int>("--app-messages") { Description = "Once provisioned, run the board's default application: send N telemetry messages to the hub, one every telemetryIntervalSeconds, then stop", HelpName = "n" };
        appMessages.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"--app-messages must be a whole number of 0 or more (got {result.Tokens[0].Value}).");
            }
        });
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace of an internal error" };

        var deriveGroupKey = new Option<string>("--group-key") { Description = "The enrollment group's key (base64)", Required = true };
        var deriveId = new Option<string>("--registration-id") { Description = "The device's registration id", Required = true };
        var deriveKey = new Command("derive-key", "Print the device key of a group enrollment member: base64(HMAC-SHA256(groupKey, registrationId)). Prints only the key.")
        {
            deriveGroupKey, deriveId,
        };
        deriveKey.SetAction(parse => KeyTools.DeriveKey(parse.GetValue(deriveGroupKey)!, parse.GetValue(deriveId)!, terminal));

        var sasScope = new Option<string>("--id-scope") { Description = "The DPS ID scope", Required = true };
        var sasId = new Option<string>("--registration-id") { Description = "The device's registration id", Required = true };
        var sasKey = new Option<string>("--key") { Description = "The device key (base64): derived, or an individual enrollment's", Required = true };
        var sasExpires = new Option<long>("--expires") { Description = "Expiry, Unix seconds (date -d '+1 hour' +%s)", Required = true, HelpName = "unix-seconds" };
        var sas = new Command("sas", "Print a DPS registration SAS token for {idScope}/registrations/{registrationId} with skn=registration. Prints only the token.")
        {
            sasScope, sasId, sasKey, sasExpires,
        };
        sas.SetAction(parse => KeyTools.Sas(parse.GetValue(sasScope)!, parse.GetValue(sasId)!, parse.GetValue(sasKey)!, parse.GetValue(sasExpires), terminal));

        var root = new RootCommand(
            "nanoDps virtual device: the ESP32 firmware's DPS provisioning on a PC. With no option it starts a DPS emulator in this process and "
            + "provisions a virtual ESP32 against it; with --config it provisions against the endpoint the config names (real Azure DPS included). "
            + "Exit codes: 0 provisioned or already provisioned, 1 refused or failed, 2 usage or config error, 3 deadline, 4 a flash or data folder that cannot be used.")
        {
            config, flash, reset, faults, seed, emulatorData, ca, resolve, clockOffset, appMessages, verbose, deriveKey, sas,
        };
        root.SetAction((parse, _) => DeviceRun.RunAsync(
            new RunOptions
            {
                ConfigPath = parse.GetValue(config),
                FlashFolder = parse.GetValue(flash)!,
                Reset = parse.GetValue(reset),
                EmulatorFaults = parse.GetValue(faults),
                EmulatorSeed = parse.GetValue(seed),
                EmulatorData = parse.GetValue(emulatorData),
                CaFiles = parse.GetValue(ca) ?? [],
                Resolve = parse.GetValue(resolve) ?? [],
                ClockOffsetSeconds = parse.GetValue(clockOffset),
                AppMessages = parse.GetValue(appMessages),
                Verbose = parse.GetValue(verbose),
            },
            terminal));

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                terminal.Error.WriteLine("error: " + error.Message);
            }

            terminal.Error.WriteLine("Run with --help for the options.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = terminal.Out, Error = terminal.Error }).ConfigureAwait(false);
    }
}
