namespace NanoDps.Emulator;

/// <summary>
/// A symmetric-key individual enrollment: one registration id with its own keys. It takes
/// precedence over every enrollment group, as in DPS.
/// </summary>
/// <remarks>
/// <see cref="ETag"/>, <see cref="CreatedUtc"/> and <see cref="LastUpdatedUtc"/> are set by the
/// <see cref="EnrollmentManager"/> on every change; values given to it are ignored.
/// </remarks>
public sealed record IndividualEnrollment
{
    /// <summary>The registration id (compared case-insensitively).</summary>
    public required string RegistrationId { get; init; }

    /// <summary>The IoT hub device id to assign; null means the registration id.</summary>
    public string? DeviceId { get; init; }

    /// <summary>Primary device key, base64 of 16 to 64 bytes.</summary>
    public required string PrimaryKey { get; init; }

    /// <summary>Secondary device key, base64 of 16 to 64 bytes, or null.</summary>
    public string? SecondaryKey { get; init; }

    /// <summary>
    /// Host names of the linked IoT hubs. Empty: the hub named by <see cref="IotHubHostName"/>, else
    /// the emulator's linked hubs (<see cref="DpsEmulatorOptions.LinkedHubs"/>).
    /// </summary>
    public required IReadOnlyList<string> IotHubs { get; init; }

    /// <summary>How a hub is chosen among <see cref="IotHubs"/>.</summary>
    public AllocationPolicy AllocationPolicy { get; init; } = AllocationPolicy.Hashed;

    /// <summary>False for a disabled enrollment: the device gets the status <c>disabled</c>.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The deprecated single-hub field of the service API (<c>iotHubHostName</c>), or null.</summary>
    public string? IotHubHostName { get; init; }

    /// <summary>What the device gets when it registers again (<c>reprovisionPolicy</c>).</summary>
    public ReprovisionPolicy ReprovisionPolicy { get; init; } = ReprovisionPolicy.Default;

    /// <summary><c>capabilities.iotEdge</c>: stored and echoed.</summary>
    public bool IotEdge { get; init; }

    /// <summary><c>initialTwin</c> as JSON text (an object), stored and echoed, not applied; or null.</summary>
    public string? InitialTwinJson { get; init; }

    /// <summary><c>optionalDeviceInformation</c> as JSON text (an object), stored and echoed; or null.</summary>
    public string? OptionalDeviceInformationJson { get; init; }

    /// <summary><c>customAllocationDefinition</c> as JSON text (an object), stored and echoed; or null.</summary>
    public string? CustomAllocationDefinitionJson { get; init; }

    /// <summary><c>credentialPolicyName</c> (api-version 2026-04-01), stored and echoed; or null.</summary>
    public string? CredentialPolicyName { get; init; }

    /// <summary>Changes on every change of the enrollment (set by the manager).</summary>
    public string? ETag { get; init; }

    /// <summary>When the enrollment was created (set by the manager).</summary>
    public DateTimeOffset? CreatedUtc { get; init; }

    /// <summary>When the enrollment last changed (set by the manager); registrations do not change it.</summary>
    public DateTimeOffset? LastUpdatedUtc { get; init; }

    /// <summary>The device id this enrollment assigns: <see cref="DeviceId"/>, or the registration id.</summary>
    internal string DeviceIdFor() => DeviceId ?? RegistrationId;
}
