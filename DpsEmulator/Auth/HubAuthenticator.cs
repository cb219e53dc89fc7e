using Microsoft.AspNetCore.Http;

namespace NanoDps.Emulator;

/// <summary>
/// The hub's check of a device-to-cloud message: a SAS token without <c>skn</c> whose <c>sr</c>
/// names <c>{hub}/devices/{deviceId}</c>, unexpired, signed with the device's key. The hub is the
/// Host header, or for a loopback Host the hub the token names. The same checks whether or not the
/// device is registered: without a token that verifies, the answer (401) says nothing about which
/// device ids exist; a device that proves its key but is not registered on this hub gets
/// <see cref="Caller.Device"/> null (the handler answers 404, as it needs to go back to DPS).
/// </summary>
internal sealed class HubAuthenticator(EnrollmentManager enrollments, RegistrationStore store, DpsEmulatorOptions options) : IRequestAuthenticator
{
    public AuthFailure Authenticate(HttpRequest request, Route route, out Caller caller)
    {
        var deviceId = route.DeviceId!;
        var header = request.Headers.Authorization;
        SharedAccessSignature.TryParse(header.Count == 1 ? header[0] : null, out var sas, out var parseFailure);
        var host = request.Host.Host;
        var hub = Identifiers.IsLoopbackHost(host) ? HubFromResource(sas) : host;
        var record = hub is null ? null : store.FindDevice(hub, deviceId);
        caller = Caller.Nobody;
        var failure = Check(sas, parseFailure, hub, deviceId, record);
        if (failure == AuthFailure.None)
        {
            caller = new Caller(Device: record);
        }

        return failure;
    }

    private AuthFailure Check(SharedAccessSignature? sas, AuthFailure parseFailure, string? hub, string deviceId, RegistrationRecord? record)
    {
        if (sas is null)
        {
            return parseFailure;
        }

        if (sas.KeyName is not null)
        {
            return AuthFailure.KeyNameNotAllowed;
        }

        if (hub is null || !sas.HasResource($"{hub}/devices/{deviceId}"))
        {
            return AuthFailure.ResourceMismatch;
        }

        if (!sas.IsUnexpired(options.TimeProvider.GetUtcNow(), options.ClockSkew))
        {
            return AuthFailure.Expired;
        }

        var keys = record is not null ? enrollments.Current.DeviceKeys(record) : enrollments.Current.KeysForDeviceId(deviceId);
        var signed = false;
        foreach (var key in keys)
        {
            signed |= sas.IsSignedWith(key);
        }

        return signed ? AuthFailure.None : AuthFailure.SignatureMismatch;
    }

    private static string? HubFromResource(SharedAccessSignature? sas)
    {
        if (sas is null)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(sas.Resource);
        }
        catch (UriFormatException)
        {
            return null;
        }

        var slash = decoded.IndexOf("/devices/", StringComparison.OrdinalIgnoreCase);
        return slash > 0 ? decoded[..slash] : null;
    }
}
