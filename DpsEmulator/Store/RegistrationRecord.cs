namespace NanoDps.Emulator;

/// <summary>A device registration as stored (SQLite, in the data folder): the outcome of an assignment.</summary>
public sealed record RegistrationRecord
{
    /// <summary>The registration id as first registered.</summary>
    public required string RegistrationId { get; init; }

    /// <summary>The IoT hub device id.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The assigned IoT hub host name.</summary>
    public required string AssignedHub { get; init; }

    /// <summary>Always <c>assigned</c> for a stored record.</summary>
    public string Status { get; init; } = "assigned";

    /// <summary>
    /// <c>initialAssignment</c>; after a re-registration that moved the device (its enrollment's
    /// <see cref="ReprovisionPolicy"/>), <c>deviceDataMigrated</c>, <c>deviceDataReset</c> or
    /// <c>reprovisionedToInitialAssignment</c>.
    /// </summary>
    public string Substatus { get; init; } = "initialAssignment";

    /// <summary>The hub of the device's first assignment (null in records from before it was kept: then <see cref="AssignedHub"/>).</summary>
    public string? InitialHub { get; init; }

    /// <summary>When the device was first assigned.</summary>
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>When the record last changed (every successful registration).</summary>
    public required DateTimeOffset LastUpdatedUtc { get; init; }

    /// <summary>Changes on every update.</summary>
    public required string ETag { get; init; }

    /// <summary>The custom payload of the last registration, as JSON text, or null.</summary>
    public string? PayloadJson { get; init; }

    /// <summary>The enrollment group that covered the device, or null for an individual enrollment.</summary>
    public string? EnrollmentGroupId { get; init; }
}
