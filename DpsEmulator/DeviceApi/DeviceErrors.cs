using Microsoft.Extensions.Primitives;

namespace NanoDps.Emulator;

/// <summary>The device API's error answers: <c>{"errorCode":400004,"trackingId":..,"message":..,"timestampUtc":..}</c>.</summary>
internal sealed class DeviceErrors(DpsEmulatorOptions options) : IApiErrors
{
    /// <summary>A DPS error answer.</summary>
    public EmulatorResponse Error(int status, int errorCode, string message, string? detail = null, int? retryAfter = null) =>
        new(status, DpsJson.Error(errorCode, message, options.TimeProvider.GetUtcNow()), retryAfter, detail ?? message);

    public EmulatorResponse UnsupportedApiVersion(StringValues given, IReadOnlySet<string> accepted) =>
        Error(400, DpsErrorCodes.InvalidApiVersion,
            $"The api-version '{given}' is not supported; use one of {string.Join(", ", accepted)}.", "unsupported api-version");

    public EmulatorResponse Unauthorized(AuthFailure failure) => Error(401, DpsErrorCodes.Unauthorized, "Unauthorized", failure.Describe());

    public EmulatorResponse Throttled(int code, string message) => Error(429, code, message, "quota: " + code, options.ThrottleRetryAfterSeconds);

    /// <summary>The answer of an injected fault (429, 500 or 503) on a register, poll or status request.</summary>
    public EmulatorResponse Injected(FaultKind fault, RequestKind kind) => fault switch
    {
        FaultKind.Throttle => Error(429, kind == RequestKind.Register ? DpsErrorCodes.RegistrationsThrottled : DpsErrorCodes.OperationsThrottled,
            "Too many requests; retry after the Retry-After interval.", "injected", options.ThrottleRetryAfterSeconds),
        FaultKind.InternalServerError => Error(500, DpsErrorCodes.InternalServerError, "Internal server error.", "injected"),
        _ => Error(503, DpsErrorCodes.ServiceUnavailable, "Service unavailable.", "injected"),
    };
}
