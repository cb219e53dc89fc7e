namespace NanoDps.Emulator;

/// <summary>
/// A symmetric-key individual enrollment: one registration id with its own keys. It takes
/// precedence over every enrollment group, as in DPS.
/// </summary>
public sealed record IndividualEnrollment : Enrollment
{
    /// <summary>The registration id (compared case-insensitively).</summary>
    public required string RegistrationId { get; init; }

    /// <summary>The IoT hub device id to assign; null means the registration id.</summary>
    public string? DeviceId { get; init; }

    /// <summary><c>optionalDeviceInformation</c> as JSON text (an object), stored and echoed; or null.</summary>
    public string? OptionalDeviceInformationJson { get; init; }

    /// <inheritdoc/>
    internal override string Id => RegistrationId;

    /// <summary>The device id this enrollment assigns: <see cref="DeviceId"/>, or the registration id.</summary>
    internal string DeviceIdFor() => DeviceId ?? RegistrationId;
}
