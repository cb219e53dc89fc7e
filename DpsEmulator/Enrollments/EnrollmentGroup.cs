namespace NanoDps.Emulator;

/// <summary>
/// A symmetric-key enrollment group: every device whose SAS token is signed with a key derived from
/// the group key (<see cref="SymmetricKeys.DeriveDeviceKey"/>) is covered; its device id is its
/// registration id.
/// </summary>
public sealed record EnrollmentGroup : Enrollment
{
    /// <summary>The group's name, unique among the groups (compared case-insensitively).</summary>
    public required string EnrollmentGroupId { get; init; }

    /// <inheritdoc/>
    internal override string Id => EnrollmentGroupId;
}
