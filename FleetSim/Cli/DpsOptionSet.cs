using System.CommandLine;
using NanoDps.FleetSim.Dps;

namespace NanoDps.FleetSim.Cli;

/// <summary>
/// The DPS parameters, with the names every nanoDps tool uses for them (the emulator, the
/// simulation, the benchmarks): see docs/how-to/fleet.md.
/// </summary>
internal sealed class DpsOptionSet
{
    private static readonly DpsModelOptions Defaults = new();

    /// <summary>The options, with <paramref name="registrationsPerMinute"/> as the default quota.</summary>
    public DpsOptionSet(int registrationsPerMinute = 1000)
    {
        RegistrationsPerMinute = Options.Whole("--registrations-per-minute", registrationsPerMinute, 1, "DPS registration quota");
        RegistrationBurst = Options.Whole("--registration-burst", Math.Max(1, registrationsPerMinute / 10), 1, "Registrations accepted at once from a full bucket (unless given: a tenth of the quota)");
        OperationsPerMinute = Options.Whole("--operations-per-minute", registrationsPerMinute, 1, "DPS operations (polls) quota (unless given: the registration quota)");
        OperationBurst = Options.Whole("--operation-burst", Math.Max(1, registrationsPerMinute / 10), 1, "Polls accepted at once from a full bucket (unless given: a tenth of the operations quota)");
    }

    public Option<int> RegistrationsPerMinute { get; }

    public Option<int> RegistrationBurst { get; }

    public Option<int> OperationsPerMinute { get; }

    public Option<int> OperationBurst { get; }

    public Option<int> PollsPerDevice { get; } = Options.Whole("--polls-per-device", Defaults.PollsPerDevice, 1, "Polls one device may make per 10 s");

    public Option<int> AssigningRetryAfter { get; } = Options.Whole("--assigning-retry-after", Defaults.AssigningRetryAfterSeconds, -1, "Retry-After (s) of a 202 assigning answer; -1 leaves the header out", "seconds");

    public Option<int> ThrottleRetryAfter { get; } = Options.Whole("--throttle-retry-after", Defaults.ThrottleRetryAfterSeconds, 0, "Retry-After (s) of a 429 answer", "seconds");

    public Option<double> AssignmentDelay { get; } = Options.Seconds("--assignment-delay", Options.InSeconds(Defaults.AssignmentLatencyMilliseconds), 0, "Time from an accepted register to the assignment (decimal seconds)");

    public Option<string> RetryAfter { get; } = Options.Refused("--retry-after", "--retry-after is ambiguous: use --assigning-retry-after (202) or --throttle-retry-after (429).");

    /// <summary>Adds the options to <paramref name="command"/>; without <paramref name="withQuotas"/> not the quotas and bursts (the command's fleets set them).</summary>
    public void AddTo(Command command, bool withQuotas = true)
    {
        Option[] quotas = [RegistrationsPerMinute, RegistrationBurst, OperationsPerMinute, OperationBurst];
        foreach (Option option in (withQuotas ? quotas : []).Concat([PollsPerDevice, AssigningRetryAfter, ThrottleRetryAfter, AssignmentDelay, RetryAfter]))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The DPS model the options describe. A burst not given is a tenth of its quota, and the
    /// operations quota not given is the registration quota, so that one option sets a DPS
    /// (--registrations-per-minute 100: bursts of 10, 100 operations a minute).
    /// </summary>
    public DpsModelOptions Read(ParseResult parse)
    {
        int registrations = parse.GetValue(RegistrationsPerMinute);
        int operations = Given(parse, OperationsPerMinute) ? parse.GetValue(OperationsPerMinute) : registrations;
        return new DpsModelOptions
        {
            RegistrationsPerMinute = registrations,
            RegistrationBurst = Given(parse, RegistrationBurst) ? parse.GetValue(RegistrationBurst) : Math.Max(1, registrations / 10),
            OperationsPerMinute = operations,
            OperationBurst = Given(parse, OperationBurst) ? parse.GetValue(OperationBurst) : Math.Max(1, operations / 10),
            PollsPerDevice = parse.GetValue(PollsPerDevice),
            AssigningRetryAfterSeconds = parse.GetValue(AssigningRetryAfter),
            ThrottleRetryAfterSeconds = parse.GetValue(ThrottleRetryAfter),
            AssignmentLatencyMilliseconds = Options.Milliseconds(parse.GetValue(AssignmentDelay)),
        };
    }

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
