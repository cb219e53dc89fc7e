namespace NanoDps.Emulator;

/// <summary>
/// A symmetric-key enrollment group: every device whose SAS token is signed with a key derived from
/// the group key (<see cref="SymmetricKeys.DeriveDeviceKey"/>) is covered; its device id is its
/// registration id.
/// </summary>
public sealed record EnrollmentGroup
{
    /// <summary>The group's name, unique among the groups (compared case-insensitively).</summary>
    public required string EnrollmentGroupId { get; init; }

    /// <summary>Primary group key, base64 of 16 to 64 bytes.</summary>
    public required string PrimaryKey { get; init; }

    /// <summary>Secondary group key, base64 of 16 to 64 bytes, or null.</summary>
    public string? SecondaryKey { get; init; }

    /// <summary>Host names of the linked IoT hubs, e.g. <c>hub-1.dps-emulator.local</c>.</summary>
    public required IReadOnlyList<string> IotHubs { get; init; }

    /// <summary>How a hub is chosen among <see cref="IotHubs"/>.</summary>
    public AllocationPolicy AllocationPolicy { get; init; } = AllocationPolicy.Hashed;

    /// <summary>False for a disabled group: its devices get the status <c>disabled</c>.</summary>
    public bool Enabled { get; init; } = true;
}
