namespace NanoDps.FleetSim.Dps;

/// <summary>
/// The DPS instance the fleet talks to: its quotas (token buckets for registrations and for
/// operations, as DPS throttles PUT and GET separately), the per-device poll limit, what it
/// answers when throttling, and how long an accepted registration takes to be assigned.
/// Defaults are the service's documented defaults and the setting issue 6 is calibrated on.
/// </summary>
public sealed record DpsModelOptions
{
    /// <summary>Registrations (PUT .../register) accepted per minute. DPS: ~1,000.</summary>
    public int RegistrationsPerMinute { get; init; } = 1000;

    /// <summary>Registrations accepted at once from a full bucket.</summary>
    public int RegistrationBurst { get; init; } = 100;

    /// <summary>Operation-status polls (GET .../operations/{id}) accepted per minute. DPS: ~1,000.</summary>
    public int OperationsPerMinute { get; init; } = 1000;

    /// <summary>Polls accepted at once from a full bucket.</summary>
    public int OperationBurst { get; init; } = 100;

    /// <summary>Polls one device may make per <see cref="PollWindowMilliseconds"/>. DPS: 5 per 10 s, not adjustable.</summary>
    public int PollsPerDevice { get; init; } = 5;

    /// <summary>The sliding window of <see cref="PollsPerDevice"/>.</summary>
    public int PollWindowMilliseconds { get; init; } = 10_000;

    /// <summary>Retry-After (seconds) on a 429.</summary>
    public int ThrottleRetryAfterSeconds { get; init; } = 3;

    /// <summary>Time from an accepted PUT until its operation is assigned.</summary>
    public int AssignmentLatencyMilliseconds { get; init; } = 2000;

    /// <summary>Retry-After (seconds) on a 202 "assigning" answer; negative: the header is left out.</summary>
    public int AssigningRetryAfterSeconds { get; init; } = 3;

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        Positive(RegistrationsPerMinute, nameof(RegistrationsPerMinute));
        Positive(RegistrationBurst, nameof(RegistrationBurst));
        Positive(OperationsPerMinute, nameof(OperationsPerMinute));
        Positive(OperationBurst, nameof(OperationBurst));
        Positive(PollsPerDevice, nameof(PollsPerDevice));
        Positive(PollWindowMilliseconds, nameof(PollWindowMilliseconds));
        if (ThrottleRetryAfterSeconds < 0 || AssignmentLatencyMilliseconds < 0)
        {
            throw new ArgumentException("Retry-After and assignment latency cannot be negative");
        }
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} must be positive (is {value})");
        }
    }
}
