using Microsoft.AspNetCore.Http;

namespace NanoDps.Emulator;

/// <summary>
/// The IoT hub device-to-cloud endpoint of every linked hub, on the same listener:
/// <c>POST /devices/{deviceId}/messages/events?api-version=2020-03-13</c>. The hub is the Host
/// header (a hub name, when the client resolves it to loopback) or, for Host = localhost/127.0.0.1/::1,
/// the hub named in the token's <c>sr</c> (<see cref="HubAuthenticator"/>). A token that does not verify: 401, whether or not the device
/// exists; a device that proves its key but is not registered on that hub: 404; stored: 204 (as IoT Hub answers).
/// </summary>
internal sealed class HubHandler(DpsEmulatorOptions options, HubMessageStore messages, HubErrors errors)
{
    /// <summary>IoT Hub's device-to-cloud message size limit.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    /// <summary>Answers a message that passed <see cref="RequestChecks"/> (api-version, <see cref="HubAuthenticator"/>).</summary>
    public async Task<EmulatorResponse> HandleAsync(HttpRequest request, Route route, Caller caller)
    {
        if (caller.Device is not { } record)
        {
            return errors.Error(404, "DeviceNotFound", $"Device {route.DeviceId} not registered.", "unknown device");
        }

        if (request.ContentLength > MaxMessageBytes)
        {
            return errors.Error(413, "MessageTooLarge", "Message too large.", "message too large");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        if (buffer.Length > MaxMessageBytes)
        {
            return errors.Error(413, "MessageTooLarge", "Message too large.", "message too large");
        }

        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("iothub-app-", StringComparison.OrdinalIgnoreCase))
            {
                properties[name["iothub-app-".Length..]] = value.ToString();
            }
        }

        messages.Add(new HubMessage(record.AssignedHub, record.DeviceId, buffer.ToArray(), request.ContentType, properties, options.TimeProvider.GetUtcNow()));
        return new EmulatorResponse(204, []);
    }
}
