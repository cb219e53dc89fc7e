namespace NanoDps.Emulator;

/// <summary>
/// Throttling limits of one emulator instance, as DPS applies them: registrations per minute and
/// operations per minute (token buckets with a burst), and polls per device in a sliding window.
/// Exceeding any answers 429 with <c>Retry-After</c> (<see cref="DpsEmulatorOptions.ThrottleRetryAfterSeconds"/>).
/// </summary>
public sealed class QuotaOptions
{
    /// <summary>Registrations (PUT register) per minute; DPS default ~1,000. Default 1000.</summary>
    public int RegistrationsPerMinute { get; set; } = 1000;

    /// <summary>Bucket size for registrations: how many may arrive at once. Default 100.</summary>
    public int RegistrationBurst { get; set; } = 100;

    /// <summary>Operations (polls and status lookups) per minute; DPS default ~1,000. Default 1000.</summary>
    public int OperationsPerMinute { get; set; } = 1000;

    /// <summary>Bucket size for operations. Default 100.</summary>
    public int OperationBurst { get; set; } = 100;

    /// <summary>Polls (GET operation and POST status lookup) one device may make per <see cref="PollWindow"/>. Default 5 (not adjustable in DPS).</summary>
    public int PollsPerDevice { get; set; } = 5;

    /// <summary>The sliding window of <see cref="PollsPerDevice"/>. Default 10 s.</summary>
    public TimeSpan PollWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When true, quotas are checked before the SAS token (unauthenticated requests spend quota and
    /// get 429); when false (default), after it (they get 401 and spend nothing). Which one DPS does
    /// is not documented, so clients must cope with both.
    /// </summary>
    public bool ThrottleBeforeAuthentication { get; set; }

    /// <summary>Limits so high that nothing is throttled (benchmarks).</summary>
    public static QuotaOptions Unlimited => new()
    {
        RegistrationsPerMinute = int.MaxValue,
        RegistrationBurst = int.MaxValue,
        OperationsPerMinute = int.MaxValue,
        OperationBurst = int.MaxValue,
        PollsPerDevice = int.MaxValue,
    };

    internal void Validate()
    {
        if (RegistrationsPerMinute <= 0 || RegistrationBurst <= 0 || OperationsPerMinute <= 0 || OperationBurst <= 0 || PollsPerDevice <= 0)
        {
            throw new ArgumentException("Quota rates and bursts must be positive.");
        }

        if (PollWindow <= TimeSpan.Zero)
        {
            throw new ArgumentException("PollWindow must be positive.");
        }
    }
}
