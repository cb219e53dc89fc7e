using Microsoft.AspNetCore.Http;

namespace NanoDps.Emulator;

/// <summary>
/// The device API's check: the id scope, then a SAS token whose <c>sr</c> names
/// <c>{idScope}/registrations/{registrationId}</c>, unexpired, signed with a key of the enrollment
/// that covers the registration id.
/// </summary>
internal sealed class DeviceAuthenticator(EnrollmentManager enrollments, DpsEmulatorOptions options) : IRequestAuthenticator
{
    public AuthFailure Authenticate(HttpRequest request, Route route, out Caller caller)
    {
        caller = Caller.Nobody;
        if (!route.IdScope!.Equals(enrollments.IdScope, StringComparison.OrdinalIgnoreCase))
        {
            return AuthFailure.UnknownIdScope;
        }

        var header = request.Headers.Authorization;
        if (!SharedAccessSignature.TryParse(header.Count == 1 ? header[0] : null, out var sas, out var failure))
        {
            return failure;
        }

        if (!sas!.HasResource($"{route.IdScope}/registrations/{route.RegistrationId}"))
        {
            return AuthFailure.ResourceMismatch;
        }

        if (!sas.IsUnexpired(options.TimeProvider.GetUtcNow(), options.ClockSkew))
        {
            return AuthFailure.Expired;
        }

        var enrollment = enrollments.Current.Authenticate(route.RegistrationId!, sas, out failure);
        if (enrollment is null)
        {
            return failure;
        }

        caller = new Caller(Enrollment: enrollment);
        return AuthFailure.None;
    }
}
