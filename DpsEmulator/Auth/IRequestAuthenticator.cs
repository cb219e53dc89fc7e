using Microsoft.AspNetCore.Http;

namespace NanoDps.Emulator;

/// <summary>Checks the credentials of one API's requests: the device API's, the hub's or the service API's.</summary>
internal interface IRequestAuthenticator
{
    /// <summary><see cref="AuthFailure.None"/> when the request proves who it is; <paramref name="caller"/> holds what it proved.</summary>
    AuthFailure Authenticate(HttpRequest request, Route route, out Caller caller);
}

/// <summary>
/// What a request proved: the enrollment of a registration id (device API), the device's
/// registration record on the hub (null when its key verifies but it is not registered there), or
/// nothing more than the service key (service API).
/// </summary>
internal sealed record Caller(EnrollmentMatch? Enrollment = null, RegistrationRecord? Device = null)
{
    public static readonly Caller Nobody = new();
}
