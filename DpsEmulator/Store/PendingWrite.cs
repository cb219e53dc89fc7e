namespace NanoDps.Emulator;

/// <summary>One queued change of the database; exactly one of its parts is set.</summary>
internal sealed class PendingWrite
{
    public RegistrationRecord? Record { get; init; }

    public StoredOperation? Operation { get; init; }

    public DateTimeOffset? DeleteBefore { get; init; }

    public string? DeleteRegistration { get; init; }

    public EnrollmentWrite? Enrollments { get; init; }

    /// <summary>Completes once the change is committed (and visible in the <see cref="RegistrationIndex"/>).</summary>
    public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
