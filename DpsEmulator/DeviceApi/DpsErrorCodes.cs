namespace NanoDps.Emulator;

/// <summary>
/// The 6-digit <c>errorCode</c> values the emulator answers with (<c>errorCode / 1000</c> is the HTTP
/// status). DPS publishes no full list; the codes seen in the field (401002, 404201, 400207,
/// 400208, 400209) keep their meaning, the others are the emulator's choice (docs/reference/emulator-api.md).
/// </summary>
public static class DpsErrorCodes
{
    /// <summary>Missing or unsupported api-version.</summary>
    public const int InvalidApiVersion = 400001;

    /// <summary>The registration id in the path breaks the DPS syntax rule.</summary>
    public const int InvalidRegistrationId = 400002;

    /// <summary>The body is not a JSON object, or misses <c>registrationId</c>, or <c>payload</c> is not an object.</summary>
    public const int InvalidBody = 400003;

    /// <summary>The body's <c>registrationId</c> differs from the one in the path.</summary>
    public const int RegistrationIdMismatch = 400004;

    /// <summary>Operation outcome: the enrollment links no IoT hub.</summary>
    public const int NoHub = 400208;

    /// <summary>Custom allocation failed: the webhook failed, timed out, answered garbage or named a hub not linked.</summary>
    public const int CustomAllocationFailed = 400207;

    /// <summary>Any authentication failure: bad, expired or missing token, unknown id scope, no enrollment.</summary>
    public const int Unauthorized = 401002;

    /// <summary>Unknown path.</summary>
    public const int NotFound = 404000;

    /// <summary>Operation outcome: the enrollment was deleted while the operation was assigning.</summary>
    public const int EnrollmentNotFound = 404201;

    /// <summary>Unknown operation id for this registration.</summary>
    public const int OperationNotFound = 404202;

    /// <summary>The method is not allowed on this path.</summary>
    public const int MethodNotAllowed = 405000;

    /// <summary>Body larger than the limit.</summary>
    public const int PayloadTooLarge = 413000;

    /// <summary>Register body without a JSON content type.</summary>
    public const int UnsupportedMediaType = 415000;

    /// <summary>Registrations per minute of the instance exceeded (and injected throttling of a register).</summary>
    public const int RegistrationsThrottled = 429001;

    /// <summary>Operations per minute of the instance exceeded (and injected throttling of a poll or status lookup).</summary>
    public const int OperationsThrottled = 429002;

    /// <summary>More than the allowed polls per window for one device.</summary>
    public const int DevicePollingThrottled = 429003;

    /// <summary>Injected or unexpected internal error.</summary>
    public const int InternalServerError = 500000;

    /// <summary>Injected service unavailable.</summary>
    public const int ServiceUnavailable = 503000;
}
