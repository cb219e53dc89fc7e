namespace NanoDps.Emulator;

/// <summary>
/// An accepted registration operation as stored: enough to finish it after a restart. The
/// enrollment is named by its group id, or null for the individual enrollment of the registration id.
/// </summary>
internal sealed record StoredOperation(
    string OperationId,
    string RegistrationId,
    string? EnrollmentGroupId,
    string? PayloadJson,
    DateTimeOffset CreatedUtc,
    DateTimeOffset ReadyUtc);
