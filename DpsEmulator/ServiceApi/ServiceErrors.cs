using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace NanoDps.Emulator;

/// <summary>The service API's error answers: the device API's body and an <c>x-ms-error-code</c> header, as DPS sends.</summary>
internal sealed class ServiceErrors(DpsEmulatorOptions options) : IApiErrors
{
    /// <summary>A service API error answer.</summary>
    public EmulatorResponse Error(int status, int errorCode, string message, string? detail = null) =>
        new(status, DpsJson.Error(errorCode, message, options.TimeProvider.GetUtcNow()), null, detail ?? message)
        {
            Headers = [new("x-ms-error-code", errorCode.ToString(CultureInfo.InvariantCulture))],
        };

    public EmulatorResponse UnsupportedApiVersion(StringValues given, IReadOnlySet<string> accepted) =>
        Error(400, DpsErrorCodes.InvalidApiVersion,
            $"The api-version '{given}' is not supported; use one of {string.Join(", ", accepted)}.", "unsupported api-version");

    public EmulatorResponse Unauthorized(AuthFailure failure) => Error(401, DpsErrorCodes.Unauthorized, "Unauthorized", failure.Describe());

    public EmulatorResponse Throttled(int code, string message) =>
        Error(429, code, message, "quota: " + code) with { RetryAfterSeconds = options.ThrottleRetryAfterSeconds };

    /// <summary>400 for an enrollment group id or registration id in the path that is not valid; null when it is (or there is none).</summary>
    public EmulatorResponse? InvalidId(ServiceRoute route)
    {
        if (route.Id is not { } id || Identifiers.IsValidRegistrationId(id))
        {
            return null;
        }

        var isGroup = route.Resource == ServiceResource.EnrollmentGroup || route.Action == ServiceAction.GroupRegistrationsQuery;
        var what = isGroup ? "enrollment group id" : "registration id";
        return Error(400, isGroup ? ServiceErrorCodes.InvalidEnrollmentGroupId : DpsErrorCodes.InvalidRegistrationId,
            $"The {what} '{id}' is not valid: 1 to 128 letters, digits and - . _ :, starting and ending with a letter or digit.", "invalid " + what);
    }
}
