using Microsoft.Extensions.Primitives;

namespace NanoDps.Emulator;

/// <summary>The answers of <see cref="RequestChecks"/>, in one API's error format.</summary>
internal interface IApiErrors
{
    /// <summary>400: the api-version is missing, repeated or not one the API accepts.</summary>
    EmulatorResponse UnsupportedApiVersion(StringValues given, IReadOnlySet<string> accepted);

    /// <summary>401, the reason only in the request log's detail.</summary>
    EmulatorResponse Unauthorized(AuthFailure failure);

    /// <summary>429 with Retry-After: a quota is used up.</summary>
    EmulatorResponse Throttled(int code, string message);
}
