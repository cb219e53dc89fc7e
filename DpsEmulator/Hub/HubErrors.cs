using Microsoft.Extensions.Primitives;

namespace NanoDps.Emulator;

/// <summary>IoT Hub's error answers: <c>{"Message":"ErrorCode:..;..","ExceptionMessage":..}</c>.</summary>
internal sealed class HubErrors(DpsEmulatorOptions options) : IApiErrors
{
    /// <summary>An IoT Hub style error answer.</summary>
    public EmulatorResponse Error(int status, string errorCode, string message, string? detail = null, int? retryAfter = null) =>
        new(status, DpsJson.HubError(errorCode, message, options.TimeProvider.GetUtcNow()), retryAfter, detail ?? message);

    public EmulatorResponse UnsupportedApiVersion(StringValues given, IReadOnlySet<string> accepted) =>
        Error(400, "ArgumentInvalid", "Invalid or missing api-version.", "unsupported api-version");

    public EmulatorResponse Unauthorized(AuthFailure failure) => Error(401, "IotHubUnauthorizedAccess", "Unauthorized", failure.Describe());

    public EmulatorResponse Throttled(int code, string message) =>
        Error(429, "ThrottlingException", message, "quota: " + code, options.ThrottleRetryAfterSeconds);

    /// <summary>The answer of an injected fault (429, 500 or 503) on a device-to-cloud message.</summary>
    public EmulatorResponse Injected(FaultKind fault) => fault switch
    {
        FaultKind.Throttle => Error(429, "ThrottlingException", "Throttled.", "injected", options.ThrottleRetryAfterSeconds),
        FaultKind.InternalServerError => Error(500, "ServerError", "Internal server error.", "injected"),
        _ => Error(503, "ServiceUnavailable", "Service unavailable.", "injected"),
    };
}
