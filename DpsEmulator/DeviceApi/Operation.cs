namespace NanoDps.Emulator;

/// <summary>A registration operation: assigning until <see cref="ReadyUtc"/>, then terminal.</summary>
internal sealed class Operation
{
    private volatile RegistrationStateBody? _state;
    private Task? _completion;

    public required string Id { get; init; }

    /// <summary>The registration id as sent in the register request's path.</summary>
    public required string RegistrationId { get; init; }

    public required EnrollmentMatch Enrollment { get; init; }

    public required string? PayloadJson { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    public required DateTimeOffset ReadyUtc { get; init; }

    /// <summary>The terminal registration state, or null while assigning. Set after <see cref="Result"/>.</summary>
    public RegistrationStateBody? State
    {
        get => _state;
        set => _state = value;
    }

    /// <summary>The terminal 200 body, or null while assigning.</summary>
    public byte[]? Result { get; set; }

    public DateTimeOffset? FinishedUtc { get; set; }

    /// <summary>The custom allocation webhook's call, started at the register; null for other policies.</summary>
    public Task<CustomAllocationResult>? Webhook { get; set; }

    /// <summary>Makes <paramref name="completion"/> the one decision of this operation; returns the running one instead if there is one.</summary>
    public Task? ClaimCompletion(Task completion) => Interlocked.CompareExchange(ref _completion, completion, null);

    /// <summary>Forgets a decision that failed, so that a later poll tries again.</summary>
    public void ReleaseCompletion(Task completion) => Interlocked.CompareExchange(ref _completion, null, completion);
}
