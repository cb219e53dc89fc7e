using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// The IoT hub device-to-cloud endpoint of every linked hub, on the same listener:
/// <c>POST /devices/{deviceId}/messages/events?api-version=2020-03-13</c>. The hub is the Host
/// header (a hub name, when the client resolves it to loopback) or, for Host = localhost/127.0.0.1/::1,
/// the hub named in the token's <c>sr</c>. A token that does not verify: 401, whether or not the device
/// exists; a device that proves its key but is not registered on that hub: 404; stored: 204 (as IoT Hub answers).
/// </summary>
internal sealed class HubHandler
{
    /// <summary>api-versions accepted for device-to-cloud messages.</summary>
    public static readonly IReadOnlySet<string> ApiVersions =
        new HashSet<string>(["2016-11-14", "2018-06-30", "2020-03-13", "2021-04-12"], StringComparer.Ordinal);

    /// <summary>IoT Hub's device-to-cloud message size limit.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    private readonly DpsEmulatorOptions _options;
    private readonly EnrollmentManager _enrollments;
    private readonly RegistrationStore _store;
    private readonly HubMessageStore _messages;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public HubHandler(DpsEmulatorOptions options, EnrollmentManager enrollments, RegistrationStore store, HubMessageStore messages, ILogger logger)
    {
        _options = options;
        _enrollments = enrollments;
        _store = store;
        _messages = messages;
        _time = options.TimeProvider;
        _logger = logger;
    }

    public async Task<EmulatorResponse> HandleAsync(HttpContext context, Route route)
    {
        var request = context.Request;
        var deviceId = route.DeviceId!;
        var apiVersion = request.Query["api-version"];
        if (apiVersion.Count != 1 || !ApiVersions.Contains(apiVersion[0]!))
        {
            return Error(400, "ArgumentInvalid", "Invalid or missing api-version.", "unsupported api-version");
        }

        var header = request.Headers.Authorization;
        SharedAccessSignature.TryParse(header.Count == 1 ? header[0] : null, out var sas, out var parseFailure);

        var host = request.Host.Host;
        string? hub = Identifiers.IsLoopbackHost(host) ? HubFromResource(sas) : host;
        var record = hub is null ? null : _store.FindDevice(hub, deviceId);

        // The same checks whether or not the device is registered: without a token that verifies, the
        // answer (401) says nothing about which device ids exist. A device that proves its key but is
        // not registered on this hub learns that (404), as it needs to go back to DPS.
        var failure = Authenticate(sas, parseFailure, hub, deviceId, record);
        if (failure != AuthFailure.None)
        {
            return Unauthorized(deviceId, failure);
        }

        if (record is null)
        {
            return Error(404, "DeviceNotFound", $"Device {deviceId} not registered.", "unknown device");
        }

        if (request.ContentLength > MaxMessageBytes)
        {
            return Error(413, "MessageTooLarge", "Message too large.", "message too large");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        if (buffer.Length > MaxMessageBytes)
        {
            return Error(413, "MessageTooLarge", "Message too large.", "message too large");
        }

        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("iothub-app-", StringComparison.OrdinalIgnoreCase))
            {
                properties[name["iothub-app-".Length..]] = value.ToString();
            }
        }

        _messages.Add(new HubMessage(record.AssignedHub, record.DeviceId, buffer.ToArray(), request.ContentType, properties, _time.GetUtcNow()));
        return new EmulatorResponse(204, []);
    }

    private AuthFailure Authenticate(SharedAccessSignature? sas, AuthFailure parseFailure, string? hub, string deviceId, RegistrationRecord? record)
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

        if (!sas.IsUnexpired(_time.GetUtcNow(), _options.ClockSkew))
        {
            return AuthFailure.Expired;
        }

        var keys = record is not null ? _enrollments.Current.DeviceKeys(record) : _enrollments.Current.KeysForDeviceId(deviceId);
        var signed = false;
        foreach (var key in keys)
        {
            signed |= sas.IsSignedWith(key);
        }

        return signed ? AuthFailure.None : AuthFailure.SignatureMismatch;
    }

    /// <summary>An IoT Hub style error answer.</summary>
    public EmulatorResponse Error(int status, string errorCode, string message, string? detail = null, int? retryAfter = null) =>
        new(status, DpsJson.HubError(errorCode, message, _time.GetUtcNow()), retryAfter, detail ?? message);

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

    private EmulatorResponse Unauthorized(string deviceId, AuthFailure failure)
    {
        _logger.LogInformation("401 for hub message of {DeviceId}: {Reason}.", deviceId, failure.Describe());
        return Error(401, "IotHubUnauthorizedAccess", "Unauthorized", failure.Describe());
    }
}
