using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NanoDps.VirtualDevice.Cli;

/// <summary>
/// The command line: the device run (no command), the tools derive-key and sas, and check-image. Every bad option
/// is one line on standard error naming the option, what it needs and what it got (exit code 2).
/// </summary>
public static class CommandLine
{
    /// <summary>The exit codes, as --help shows them (docs/reference/exit-codes.md has every tool's).</summary>
    public const string ExitCodesHelp = "Exit codes: 0 provisioned or already provisioned, 1 refused or failed (or an internal error), "
        + "2 usage or config error (nothing sent), 3 no assignment within deadlineSeconds, 4 a flash or emulator data folder that cannot be used; "
        + "130/143 stopped by Ctrl+C/SIGTERM.";

    /// <summary>Parses <paramref name="args"/> and runs what they ask; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, Terminal terminal)
    {
        var config = FileOption("--config", "file", "device.json to deploy into the flash folder (as nanoff --filedeployment does) and boot with; the board's format, Wi-Fi fields ignored. Without it: the demo against a DPS emulator started in this process");
        var flash = FolderOption("--flash", "The virtual board's flash folder, its I:\\ drive: MAC, device.json, stored assignment, boot counter", RunOptions.DefaultFlashFolder);
        var reset = new Option<bool>("--reset") { Description = "Forget the stored assignment first, so the device provisions again" };
        var faults = new Option<string>("--emulator-faults") { Description = "Run the demo against a faulty emulator: " + string.Join(", ", Emulator.FaultProfile.BuiltIn.Select(p => p.Name)), HelpName = "profile" };
        var seed = new Option<int?>("--emulator-seed")
        {
            Description = "Seed of the emulator's faults, to replay a run (default: random, printed)",
            HelpName = "n",
            CustomParser = r => int.TryParse(Single(r), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
                ? value
                : Fail<int?>(r, $"--emulator-seed must be a whole number, like 7 (got '{Single(r)}')."),
        };
        var emulatorData = FolderOption("--emulator-data", "Data folder of the embedded emulator (default .virtual-device/emulator)", null);
        var ca = new Option<string[]>("--ca")
        {
            Description = "Trust this root CA (PEM) instead of the default: the emulator's ca.pem, or DigiCert Global Root G2 + Microsoft RSA Root CA 2017 with --config. Repeatable",
            HelpName = "pem",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = r => r.Tokens.Any(t => t.Value.Length == 0) ? Fail<string[]>(r, "--ca must name a PEM file (got an empty value).") : [.. r.Tokens.Select(t => t.Value)],
        };
        var resolve = new Option<string[]>("--resolve") { Description = "Connect HOST to ADDRESS:PORT instead of asking DNS (TLS still checks HOST), e.g. hub-1.dps-emulator.local=127.0.0.1:8443. Repeatable", HelpName = "host=address:port" };
        var clockOffset = new Option<long>("--clock-offset")
        {
            Description = "Run the device clock this many seconds ahead of the PC's (negative: behind)",
            HelpName = "seconds",
            CustomParser = r => long.TryParse(Single(r), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) && Math.Abs(value) <= 100L * 365 * 86400
                ? value
                : Fail<long>(r, $"--clock-offset must be a whole number of seconds, like 3600 or -7200 (got '{Single(r)}')."),
        };
        var appMessages = new Option<int>("--app-messages")
        {
            Description = "Once provisioned, run the board's default application: send N telemetry messages to the hub, one every telemetryIntervalSeconds, then stop",
            HelpName = "n",
            CustomParser = r => int.TryParse(Single(r), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
                ? value
                : Fail<int>(r, $"--app-messages must be a whole number of 0 or more (got '{Single(r)}')."),
        };
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace of an internal error" };

        var deriveGroupKey = new Option<string>("--group-key") { Description = KeyInput.GroupKey.Help, HelpName = "base64|-" };
        var deriveId = TextOption("--registration-id", "The device's registration id", "id");
        var deriveKey = new Command("derive-key", "Print the device key of a group enrollment member: base64(HMAC-SHA256(groupKey, registrationId)). Prints only the key. " + ExitCodesToolHelp)
        {
            deriveGroupKey, deriveId,
        };
        deriveKey.SetAction(parse => KeyTools.DeriveKey(parse.GetValue(deriveGroupKey), parse.GetValue(deriveId)!, terminal));

        var sasScope = TextOption("--id-scope", "The DPS ID scope", "scope");
        var sasId = TextOption("--registration-id", "The device's registration id", "id");
        var sasKey = new Option<string>("--key") { Description = KeyInput.DeviceKey.Help + ". The device key is the derived one, or an individual enrollment's", HelpName = "base64|-" };
        var sasExpires = new Option<long>("--expires")
        {
            Description = "Expiry, Unix seconds (date -d '+1 hour' +%s)",
            Required = true,
            HelpName = "unix-seconds",
            CustomParser = r => long.TryParse(Single(r), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
                ? value
                : Fail<long>(r, $"--expires must be the expiry as Unix seconds, like $(date -d '+1 hour' +%s) (got '{Single(r)}')."),
        };
        var sas = new Command("sas", "Print a DPS registration SAS token for {idScope}/registrations/{registrationId} with skn=registration. Prints only the token. " + ExitCodesToolHelp)
        {
            sasScope, sasId, sasKey, sasExpires,
        };
        sas.SetAction(parse => KeyTools.Sas(parse.GetValue(sasScope)!, parse.GetValue(sasId)!, parse.GetValue(sasKey), parse.GetValue(sasExpires), terminal));

        var imageFile = new Argument<string>("file")
        {
            Description = "The saved output of " + Image.ImageCheck.NanoffDetails + ", or - to read it from standard input",
            CustomParser = r => Single(r).Length > 0 ? Single(r) : Fail<string>(r, "check-image needs a file name (got an empty value): the saved output of " + Image.ImageCheck.NanoffDetails + ", or - for standard input."),
        };
        var checkImage = new Command("check-image", "Say, package by package, whether the board's nanoFramework image carries the native assemblies (name, native version, checksum) "
            + "of every pinned package with native code (DeviceFirmware/native-assemblies.json), read from the output of " + Image.ImageCheck.NanoffDetails + ". "
            + "Exit codes: 0 the image runs this firmware, 1 some are missing or different (each listed, with the nanoff command that fixes it), 2 unreadable or not nanoff's output.")
        {
            imageFile,
        };
        checkImage.SetAction(parse => Image.ImageCheck.Run(parse.GetValue(imageFile)!, terminal));

        var root = new RootCommand(
            "nanoDps virtual device: the ESP32 firmware's DPS provisioning on a PC. With no option it starts a DPS emulator in this process and "
            + "provisions a virtual ESP32 against it; with --config it provisions against the endpoint the config names (real Azure DPS included). "
            + ExitCodesHelp)
        {
            config, flash, reset, faults, seed, emulatorData, ca, resolve, clockOffset, appMessages, verbose, deriveKey, sas, checkImage,
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
            foreach (string error in parsed.Errors.Select(OneLine).Distinct())
            {
                terminal.Error.WriteLine(error);
            }

            terminal.Error.WriteLine("Run with --help for the options.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = terminal.Out, Error = terminal.Error }).ConfigureAwait(false);
    }

    private const string ExitCodesToolHelp = "Exit codes: 0 printed, 2 bad input (nothing printed on standard output).";

    private static Option<string> FileOption(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r => Single(r).Length > 0 ? Single(r) : Fail<string>(r, $"{name} must name a {helpName} (got an empty value)."),
    };

    private static Option<string> FolderOption(string name, string description, string? defaultValue)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = "folder",
            CustomParser = r => Single(r).Length > 0 ? Single(r) : Fail<string>(r, $"{name} must name a folder (got an empty value)."),
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    private static Option<string> TextOption(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Required = true,
    };

    private static string Single(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;

    private static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }

    /// <summary>"error: ..." in one line; System.CommandLine's own messages reworded to name the option and the fix.</summary>
    private static string OneLine(ParseError error)
    {
        string message = error.Message.ReplaceLineEndings(" ");
        if (message.StartsWith("Required argument missing for option: '", StringComparison.Ordinal))
        {
            string name = message.Split('\'')[1];
            return $"error: {name} needs a value, e.g. {name}=VALUE (see --help).";
        }

        if (message.StartsWith("Required argument missing for command: 'check-image'", StringComparison.Ordinal))
        {
            return "error: check-image needs a file: the saved output of " + Image.ImageCheck.NanoffDetails + ", or - for standard input (see --help).";
        }

        if (message.StartsWith("Option '", StringComparison.Ordinal) && message.EndsWith("' is required.", StringComparison.Ordinal))
        {
            string name = message.Split('\'')[1];
            return $"error: {name} is missing: it is required (see --help).";
        }

        if (message.StartsWith("Unrecognized command or argument '", StringComparison.Ordinal))
        {
            string token = message.Split('\'')[1];
            return token.StartsWith('-')
                ? $"error: unknown option '{token}'."
                : $"error: unexpected argument '{token}' (options start with --; the commands are derive-key, sas and check-image).";
        }

        return message.StartsWith("error: ", StringComparison.Ordinal) ? message : "error: " + message;
    }
}
