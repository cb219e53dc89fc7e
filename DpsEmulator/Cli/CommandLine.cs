using System.Globalization;
using System.Net;

namespace NanoDps.Emulator.Cli;

/// <summary>Parses the emulator's command line into <see cref="DpsEmulatorOptions"/>.</summary>
internal static class CommandLine
{
    /// <summary>Port of the command-line emulator when none is given.</summary>
    public const int DefaultPort = 8443;

    public const string Usage = """
        DPS emulator: a local Azure IoT Device Provisioning Service (device API + hub endpoint) over HTTPS.

        Usage: dotnet run --project DpsEmulator -- [options]

          --port <n>                    TCP port, 0 = any free port (default 8443)
          --listen <ip>                 address to listen on (default 127.0.0.1)
          --data <folder>               data folder (default .dps-emulator)
          --id-scope <scope>            id scope when enrollments.json has none (default: 0ne + 8 hex digits)
          --no-demo                     without enrollments.json, start with no enrollment instead of a demo group
          --assignment-delay <s>        seconds from register to assigned (default 2)
          --retry-after <s>             Retry-After of 202 answers (default 3)
          --throttle-retry-after <s>    Retry-After of 429 answers (default 3)
          --clock-skew <s>              seconds an expired SAS token is still accepted (default 300)
          --registrations-per-minute <n> --registration-burst <n>    (defaults 1000, 100)
          --operations-per-minute <n>    --operation-burst <n>       (defaults 1000, 100)
          --polls-per-device <n>        polls per device per 10 s (default 5)
          --throttle-before-auth        check quotas before the SAS token (default: after)
          --no-quotas                   no throttling at all
          --faults <profile>            none, throttle-storm, server-errors, connection-resets, slow, malformed, chaos
          --seed <n>                    seed of the fault generator (default 0)
          --faults-on-hub               inject faults on the hub endpoint too
          --request-log                 also write every request to <data>/requests.jsonl
          --verbose                     debug logging
          --help                        this text
        """;

    /// <summary>Parsed options, or an error message.</summary>
    public static (DpsEmulatorOptions? Options, bool Verbose, string? Error) Parse(string[] args)
    {
        var options = new DpsEmulatorOptions { Port = DefaultPort };
        var verbose = false;
        string? faults = null;
        var faultsOnHub = false;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{arg} needs a value.");
                int Int() => int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                double Seconds() => double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture);
                switch (arg)
                {
                    case "--port": options.Port = Int(); break;
                    case "--listen": options.ListenAddress = IPAddress.Parse(Value()); break;
                    case "--data": options.DataFolder = Value(); break;
                    case "--id-scope": options.IdScope = Value(); break;
                    case "--no-demo": options.CreateDemoEnrollment = false; break;
                    case "--assignment-delay": options.AssignmentDelay = TimeSpan.FromSeconds(Seconds()); break;
                    case "--retry-after": options.RetryAfterSeconds = Int(); break;
                    case "--throttle-retry-after": options.ThrottleRetryAfterSeconds = Int(); break;
                    case "--clock-skew": options.ClockSkew = TimeSpan.FromSeconds(Seconds()); break;
                    case "--registrations-per-minute": options.Quotas.RegistrationsPerMinute = Int(); break;
                    case "--registration-burst": options.Quotas.RegistrationBurst = Int(); break;
                    case "--operations-per-minute": options.Quotas.OperationsPerMinute = Int(); break;
                    case "--operation-burst": options.Quotas.OperationBurst = Int(); break;
                    case "--polls-per-device": options.Quotas.PollsPerDevice = Int(); break;
                    case "--throttle-before-auth": options.Quotas.ThrottleBeforeAuthentication = true; break;
                    case "--no-quotas": options.Quotas = QuotaOptions.Unlimited; break;
                    case "--faults": faults = Value(); break;
                    case "--seed": options.FaultSeed = Int(); break;
                    case "--faults-on-hub": faultsOnHub = true; break;
                    case "--request-log": options.WriteRequestLogFile = true; break;
                    case "--verbose": verbose = true; break;
                    case "--help" or "-h" or "-?": return (null, false, null);
                    default: throw new FormatException($"Unknown option '{arg}'.");
                }
            }

            if (faults is not null)
            {
                options.Faults = FaultProfile.FromName(faults);
            }

            if (faultsOnHub)
            {
                options.Faults = options.Faults with { ApplyToHub = true };
            }

            options.Validate();
            return (options, verbose, null);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return (null, false, e.Message);
        }
    }
}
