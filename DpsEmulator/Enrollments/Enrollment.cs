namespace NanoDps.Emulator;

/// <summary>
/// What an <see cref="EnrollmentGroup"/> and an <see cref="IndividualEnrollment"/> share: the
/// symmetric keys, the hubs and how one is chosen, the status, and the service API's other fields.
/// </summary>
/// <remarks>
/// <see cref="ETag"/>, <see cref="CreatedUtc"/> and <see cref="LastUpdatedUtc"/> are set by the
/// <see cref="EnrollmentManager"/> on every change; values given to it are ignored.
/// </remarks>
public abstract record Enrollment
{
    private protected Enrollment()
    {
    }

    /// <summary>Primary key, base64 of 16 to 64 bytes (a group key, or an individual enrollment's device key).</summary>
    public required string PrimaryKey { get; init; }

    /// <summary>Secondary key, base64 of 16 to 64 bytes, or null.</summary>
    public string? SecondaryKey { get; init; }

    /// <summary>
    /// Host names of the linked IoT hubs, e.g. <c>hub-1.dps-emulator.local</c>. Empty: the hub named by
    /// <see cref="IotHubHostName"/>, else the emulator's linked hubs (<see cref="DpsEmulatorOptions.LinkedHubs"/>).
    /// </summary>
    public required IReadOnlyList<string> IotHubs { get; init; }

    /// <summary>How a hub is chosen among <see cref="IotHubs"/>.</summary>
    public AllocationPolicy AllocationPolicy { get; init; } = AllocationPolicy.Hashed;

    /// <summary>False for a disabled enrollment: its devices get the status <c>disabled</c>.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The deprecated single-hub field of the service API (<c>iotHubHostName</c>), or null.</summary>
    public string? IotHubHostName { get; init; }

    /// <summary>What a device that registers again gets (<c>reprovisionPolicy</c>).</summary>
    public ReprovisionPolicy ReprovisionPolicy { get; init; } = ReprovisionPolicy.Default;

    /// <summary><c>capabilities.iotEdge</c>: stored and echoed.</summary>
    public bool IotEdge { get; init; }

    /// <summary><c>initialTwin</c> as JSON text (an object), stored and echoed, not applied; or null.</summary>
    public string? InitialTwinJson { get; init; }

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

    /// <summary>The id: the group's id, or the individual enrollment's registration id.</summary>
    internal abstract string Id { get; }

    /// <summary>The hubs a device is allocated over: <see cref="IotHubs"/>, else <see cref="IotHubHostName"/>, else <paramref name="linkedHubs"/>.</summary>
    internal IReadOnlyList<string> HubsToAllocate(IReadOnlyList<string> linkedHubs) =>
        IotHubs is { Count: > 0 } hubs ? hubs
        : IotHubHostName is { } single ? [single]
        : linkedHubs;
}
