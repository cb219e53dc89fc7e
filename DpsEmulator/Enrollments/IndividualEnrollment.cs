namespace NanoDps.Emulator;

/// <summary>
/// A symmetric-key individual enrollment: one registration id with its own keys. It takes
/// precedence over every enrollment group, as in DPS.
/// </summary>
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

    /// <summary>Host names of the linked IoT hubs.</summary>
    public required IReadOnlyList<string> IotHubs { get; init; }

    /// <summary>How a hub is chosen among <see cref="IotHubs"/>.</summary>
    public AllocationPolicy AllocationPolicy { get; init; } = AllocationPolicy.Hashed;

    /// <summary>The device id this enrollment assigns: <see cref="DeviceId"/>, or the registration id.</summary>
    internal string DeviceIdFor() => DeviceId ?? RegistrationId;

    /// <summary>False for a disabled enrollment: the device gets the status <c>disabled</c>.</summary>
    public bool Enabled { get; init; } = true;
}
