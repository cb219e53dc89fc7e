using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;

namespace NanoDps.Emulator.Cli;

/// <summary>
/// The emulator's command line (System.CommandLine, as the other tools): the emulator itself, and
/// <c>keys</c>. Every error is one line naming the option, what is wrong and the fix.
/// </summary>
internal static class CommandLine
{
    /// <summary>Port of the command-line emulator when none is given.</summary>
    public const int DefaultPort = 8443;

    /// <summary>Data folder when none is given.</summary>
    public const string DefaultDataFolder = ".dps-emulator";

    /// <summary>Parses <paramref name="args"/> and runs what they ask; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var (root, _) = Build(stdout, stderr);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine(OneLine(parsed.Errors[0]));
            stderr.WriteLine("Run with --help for the options.");
            return Task.FromResult(ExitCodes.Usage);
        }

        return parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    /// <summary>The options of the emulator run, or the one-line error (for tests and <see cref="RunAsync"/>).</summary>
    public static (DpsEmulatorOptions? Options, bool Verbose, string? Error) Parse(string[] args)
    {
        var (root, bind) = Build(TextWriter.Null, TextWriter.Null);
        var parsed = root.Parse(args);
        return parsed.Errors.Count > 0 ? (null, false, OneLine(parsed.Errors[0])) : bind(parsed);
    }

    private static (RootCommand Root, Func<ParseResult, (DpsEmulatorOptions, bool, string?)> Bind) Build(TextWriter stdout, TextWriter stderr)
    {
        var port = WholeNumber("--port", DefaultPort, 0, 65535, "TCP port; 0 picks a free one (the banner shows it)");
        var listen = new Option<IPAddress>("--listen")
        {
            Description = "Address to listen on, e.g. 0.0.0.0 for every interface (loopback only unless you say otherwise)",
            HelpName = "ip",
            DefaultValueFactory = _ => IPAddress.Loopback,
            CustomParser = r => IPAddress.TryParse(Single(r), out var ip) ? ip : Fail<IPAddress>(r, $"--listen must be an IP address such as 127.0.0.1 or 0.0.0.0 (got '{Single(r)}')."),
        };
        var data = DataOption();
        var idScope = new Option<string>("--id-scope")
        {
            Description = "Id scope of a new data folder when enrollments.json has none, e.g. 0ne0001A2B3 (default: 0ne + 8 random hex digits)",
            HelpName = "scope",
            CustomParser = r => Identifiers.IsValidIdScope(Single(r)) ? Single(r)
                : Fail<string>(r, $"--id-scope must be printable ASCII without '/', '?', '#', '%', '\\' or spaces, 1-64 characters (got '{Single(r)}')."),
        };
        var noDemo = new Option<bool>("--no-demo") { Description = "Without enrollments.json, start with no enrollment instead of the demo group" };
        var assignmentDelay = Seconds("--assignment-delay", 2, "Time from an accepted register to assigned, in seconds, e.g. 0.5");
        var assigningRetryAfter = WholeNumber("--assigning-retry-after", 3, 0, 3600, "Retry-After of 202 assigning answers, seconds");
        var throttleRetryAfter = WholeNumber("--throttle-retry-after", 3, 0, 3600, "Retry-After of 429 answers, seconds");
        var retryAfter = new Option<string>("--retry-after")
        {
            Hidden = true,
            CustomParser = r => Fail<string>(r, "--retry-after is ambiguous: use --assigning-retry-after (202) or --throttle-retry-after (429)."),
        };
        var clockSkew = Seconds("--clock-skew", 300, "How long after its expiry (se) a SAS token is still accepted, seconds");
        var registrationsPerMinute = WholeNumber("--registrations-per-minute", 1000, 1, int.MaxValue, "Registration (PUT) quota per minute");
        var registrationBurst = WholeNumber("--registration-burst", 100, 1, int.MaxValue, "Registrations that may arrive at once (bucket size)");
        var operationsPerMinute = WholeNumber("--operations-per-minute", 1000, 1, int.MaxValue, "Operations (polls, status lookups, service API calls) quota per minute");
        var operationBurst = WholeNumber("--operation-burst", 100, 1, int.MaxValue, "Operations that may arrive at once (bucket size)");
        var pollsPerDevice = WholeNumber("--polls-per-device", 5, 1, int.MaxValue, "Polls per device per 10 s (DPS: 5, not adjustable)");
        var throttleBeforeAuth = new Option<bool>("--throttle-before-auth") { Description = "Check quotas before the SAS token (default: after)" };
        var noQuotas = new Option<bool>("--no-quotas") { Description = "No throttling at all" };
        var faults = new Option<FaultProfile>("--faults")
        {
            Description = "Fault profile: " + string.Join(", ", FaultProfile.BuiltIn.Select(p => p.Name)) + " (default: none)",
            HelpName = "profile",
            CustomParser = r => FaultProfile.BuiltIn.FirstOrDefault(p => p.Name.Equals(Single(r), StringComparison.OrdinalIgnoreCase))
                ?? Fail<FaultProfile>(r, $"--faults must be one of {string.Join(", ", FaultProfile.BuiltIn.Select(p => p.Name))} (got '{Single(r)}')."),
        };
        var seed = WholeNumber("--seed", 0, int.MinValue, int.MaxValue, "Seed of the fault generator (same seed, same faults)");
        var faultsOnHub = new Option<bool>("--faults-on-hub") { Description = "Inject faults on the hub endpoint too" };
        var requestLog = new Option<bool>("--request-log") { Description = "Also write every request to <data>/requests.jsonl" };
        var verbose = new Option<bool>("--verbose") { Description = "Debug logging, and stack traces with errors" };
        var webhookTimeout = new Option<double>("--webhook-timeout")
        {
            Description = "How long a custom allocation webhook may take before the registration fails with 400207, seconds",
            HelpName = "s",
            DefaultValueFactory = _ => 30,
            CustomParser = r => double.TryParse(Single(r), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0 && value <= 3600
                ? value
                : Fail<double>(r, $"--webhook-timeout must be a number of seconds above 0 and up to 3600, like 30 or 2.5 (got '{Single(r)}')."),
        };
        var webhookCa = new Option<string[]>("--webhook-ca")
        {
            Description = "PEM file of a certificate an HTTPS custom allocation webhook may chain to besides the system roots (a local Functions host's development certificate). Repeatable",
            HelpName = "pem",
            CustomParser = r => r.Tokens.Select(t => t.Value).FirstOrDefault(f => !File.Exists(f)) is { } missing
                ? Fail<string[]>(r, $"--webhook-ca must name a PEM file that exists (got '{missing}').")
                : [.. r.Tokens.Select(t => t.Value)],
        };

        var root = new RootCommand(
            "DPS emulator: a local Azure IoT Device Provisioning Service over HTTPS: the device API, the service API "
            + "(enrollments, enrollment groups, registration states, as the official service SDKs and az iot dps call it; its connection string "
            + "is in <data>/service-connection-string.txt, printed by 'keys --service'), the assigned hubs' device-to-cloud endpoint, "
            + "and a live dashboard at https://<listen>:<port>/ (beyond loopback it asks for the service key). "
            + "Runs until Ctrl+C or SIGTERM. " + ExitCodes.Help)
        {
            port, listen, data, idScope, noDemo, assignmentDelay, assigningRetryAfter, throttleRetryAfter, retryAfter, clockSkew,
            registrationsPerMinute, registrationBurst, operationsPerMinute, operationBurst, pollsPerDevice, throttleBeforeAuth, noQuotas,
            faults, seed, faultsOnHub, requestLog, verbose, webhookTimeout, webhookCa, KeysCommand.Create(stdout, stderr),
        };

        (DpsEmulatorOptions, bool, string?) Bind(ParseResult parse)
        {
            var profile = parse.GetValue(faults) ?? FaultProfile.None; // no DefaultValueFactory: help would print the record
            var options = new DpsEmulatorOptions
            {
                Port = parse.GetValue(port),
                ListenAddress = parse.GetValue(listen)!,
                DataFolder = parse.GetValue(data)!,
                IdScope = parse.GetValue(idScope),
                CreateDemoEnrollment = !parse.GetValue(noDemo),
                AssignmentDelay = TimeSpan.FromSeconds(parse.GetValue(assignmentDelay)),
                RetryAfterSeconds = parse.GetValue(assigningRetryAfter),
                ThrottleRetryAfterSeconds = parse.GetValue(throttleRetryAfter),
                ClockSkew = TimeSpan.FromSeconds(parse.GetValue(clockSkew)),
                Quotas = parse.GetValue(noQuotas) ? QuotaOptions.Unlimited : new QuotaOptions
                {
                    RegistrationsPerMinute = parse.GetValue(registrationsPerMinute),
                    RegistrationBurst = parse.GetValue(registrationBurst),
                    OperationsPerMinute = parse.GetValue(operationsPerMinute),
                    OperationBurst = parse.GetValue(operationBurst),
                    PollsPerDevice = parse.GetValue(pollsPerDevice),
                },
                Faults = parse.GetValue(faultsOnHub) ? profile with { ApplyToHub = true } : profile,
                FaultSeed = parse.GetValue(seed),
                WriteRequestLogFile = parse.GetValue(requestLog),
                CustomAllocationTimeout = TimeSpan.FromSeconds(parse.GetValue(webhookTimeout)),
                WebhookTrustedCertificates = [.. (parse.GetValue(webhookCa) ?? []).Select(f => System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(f)))],
            };
            options.Quotas.ThrottleBeforeAuthentication = parse.GetValue(throttleBeforeAuth);
            return (options, parse.GetValue(verbose), null);
        }

        root.SetAction((parse, _) =>
        {
            var (options, isVerbose, _) = Bind(parse);
            return EmulatorRun.RunAsync(options, isVerbose, stdout, stderr);
        });
        return (root, Bind);
    }

    /// <summary><c>--data</c>, shared by the emulator and <c>keys</c>.</summary>
    public static Option<string> DataOption() => new("--data")
    {
        Description = "Data folder: registrations.db (registrations and enrollments), enrollments.json (their copy), the CA, device.json, service-connection-string.txt",
        HelpName = "folder",
        DefaultValueFactory = _ => DefaultDataFolder,
        CustomParser = r => Single(r).Length > 0 ? Single(r) : Fail<string>(r, "--data must name a folder (got an empty value)."),
    };

    private static Option<int> WholeNumber(string name, int defaultValue, int min, int max, string description) => new(name)
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => int.TryParse(Single(r), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : Fail<int>(r, max == int.MaxValue
                ? $"{name} must be a whole number of {min} or more (got '{Single(r)}')."
                : $"{name} must be a whole number from {min} to {max} (got '{Single(r)}')."),
    };

    private static Option<double> Seconds(string name, double defaultValue, string description) => new(name)
    {
        Description = description,
        HelpName = "s",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => double.TryParse(Single(r), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0 && value <= 86_400
            ? value
            : Fail<double>(r, $"{name} must be a number of seconds from 0 to 86400, like 2 or 0.5 (got '{Single(r)}')."),
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
        var message = error.Message.ReplaceLineEndings(" ");
        if (message.StartsWith("Required argument missing for option: '", StringComparison.Ordinal))
        {
            var name = message.Split('\'')[1];
            return $"error: {name} needs a value, e.g. {name}=VALUE.";
        }

        if (message.StartsWith("Unrecognized command or argument '", StringComparison.Ordinal))
        {
            var token = message.Split('\'')[1];
            return token.StartsWith('-')
                ? $"error: unknown option '{token}'."
                : $"error: unexpected argument '{token}' (options start with --; the only command is 'keys').";
        }

        return message.StartsWith("error: ", StringComparison.Ordinal) ? message : "error: " + message;
    }
}
