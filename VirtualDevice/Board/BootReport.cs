using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Board;

/// <summary>How one boot of the virtual board ended.</summary>
public sealed record BootReport
{
    /// <summary>Registration id the device used.</summary>
    public required string RegistrationId { get; init; }

    /// <summary>True when the device has a working assignment (the hub took the proof message).</summary>
    public bool Provisioned { get; init; }

    /// <summary>True when the stored assignment was used and DPS was not called.</summary>
    public bool UsedStoredAssignment { get; init; }

    /// <summary>Assigned hub, when known.</summary>
    public string? AssignedHub { get; init; }

    /// <summary>Device id in the hub, when known.</summary>
    public string? DeviceId { get; init; }

    /// <summary>DPS requests sent during this boot.</summary>
    public int DpsRequests { get; init; }

    /// <summary>The outcome of the last provisioning flow that failed, or null.</summary>
    public ProvisioningOutcome? FailedOutcome { get; init; }

    /// <summary>Why the hub did not take the proof message, or null.</summary>
    public string? HubProblem { get; init; }

    /// <summary>The process exit code this boot stands for (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode => Provisioned ? ExitCodes.Provisioned
        : FailedOutcome?.Kind == OutcomeKind.DeadlineExceeded ? ExitCodes.Deadline
        : ExitCodes.Refused;

    internal static BootReport Assigned(string registrationId, ProvisioningRecord record, int dpsRequests, bool usedStored) => new()
    {
        RegistrationId = registrationId,
        Provisioned = true,
        UsedStoredAssignment = usedStored,
        AssignedHub = record.AssignedHub,
        DeviceId = record.DeviceId,
        DpsRequests = dpsRequests,
    };

    internal static BootReport NotProvisioned(string registrationId, ProvisioningOutcome outcome, int dpsRequests) => new()
    {
        RegistrationId = registrationId,
        DpsRequests = dpsRequests,
        FailedOutcome = outcome,
    };

    internal static BootReport HubFailed(string registrationId, ProvisioningRecord record, int dpsRequests, bool usedStored, string problem) => new()
    {
        RegistrationId = registrationId,
        UsedStoredAssignment = usedStored,
        AssignedHub = record.AssignedHub,
        DeviceId = record.DeviceId,
        DpsRequests = dpsRequests,
        HubProblem = problem,
    };
}
