namespace NanoDps.Emulator;

/// <summary>
/// The 6-digit <c>errorCode</c> values of the service API beyond <see cref="DpsErrorCodes"/> (which it
/// shares: 400001 api-version, 400002 registration id, 400003 body, 400004 id mismatch, 401002,
/// 405000, 413000, 415000, 429002, 500000). DPS publishes no list: these are the emulator's choice
/// (docs/reference/emulator-api.md), except 404201, seen from the service in the field.
/// </summary>
public static class ServiceErrorCodes
{
    /// <summary>The enrollment group id in the path or body breaks the id rule.</summary>
    public const int InvalidEnrollmentGroupId = 400010;

    /// <summary>A symmetric key is not base64 of 16 to 64 bytes.</summary>
    public const int InvalidSymmetricKey = 400011;

    /// <summary>An attestation other than symmetricKey (tpm, x509, none).</summary>
    public const int Unsupported = 400012;

    /// <summary><c>x-ms-max-item-count</c> is not a whole number of 0 or more, or <c>x-ms-continuation</c> is not one the emulator issued.</summary>
    public const int InvalidPaging = 400013;

    /// <summary>A bulk operation with no item, more than 10, an id twice, or an unknown mode.</summary>
    public const int InvalidBulkOperation = 400014;

    /// <summary>No such individual enrollment or enrollment group.</summary>
    public const int EnrollmentNotFound = 404201;

    /// <summary>No registration record for this registration id.</summary>
    public const int RegistrationNotFound = 404203;

    /// <summary>A bulk <c>create</c> of an id that exists (an item error only).</summary>
    public const int AlreadyExists = 409001;

    /// <summary><c>If-Match</c> does not match the current etag, or names a resource that does not exist (PUT).</summary>
    public const int PreconditionFailed = 412001;
}
