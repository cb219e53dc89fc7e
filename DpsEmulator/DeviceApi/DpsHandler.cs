using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace NanoDps.Emulator;

/// <summary>
/// The DPS device API: register (PUT), operation poll (GET), status lookup (POST), once
/// <see cref="RequestChecks"/> passed the request (api-version, registration id, quota, id scope +
/// SAS token + enrollment in <see cref="DeviceAuthenticator"/>); then the body (415/413/400).
/// </summary>
internal sealed class DpsHandler(DpsEmulatorOptions options, Assignments assignments, DeviceErrors errors)
{
    /// <summary>Largest register or status-lookup body accepted.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Answers a request that passed <see cref="RequestChecks"/>.</summary>
    public Task<EmulatorResponse> HandleAsync(HttpRequest request, Route route, Caller caller) => route.Kind switch
    {
        RequestKind.Register => RegisterAsync(request, route.RegistrationId!, caller.Enrollment!),
        RequestKind.Poll => PollAsync(route.RegistrationId!, route.OperationId!),
        _ => StatusAsync(request, route.RegistrationId!),
    };

    /// <summary>400 for a registration id in the path that is not valid, or null.</summary>
    public EmulatorResponse? InvalidIdentifier(Route route) =>
        Identifiers.IsValidRegistrationId(route.RegistrationId!)
            ? null
            : errors.Error(400, DpsErrorCodes.InvalidRegistrationId, "The registration id is not valid.", "invalid registration id");

    private async Task<EmulatorResponse> RegisterAsync(HttpRequest request, string id, EnrollmentMatch enrollment)
    {
        if (request.ContentLength is not 0 && !IsJson(request.ContentType))
        {
            return errors.Error(415, DpsErrorCodes.UnsupportedMediaType, "The body must be application/json.", "content type not JSON");
        }

        var (body, tooLarge) = await ReadBodyAsync(request).ConfigureAwait(false);
        if (tooLarge)
        {
            return errors.Error(413, DpsErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBodyBytes} bytes.");
        }

        if (body.Length == 0)
        {
            return errors.Error(400, DpsErrorCodes.InvalidBody, "A body {\"registrationId\":\"...\"} is required.", "empty body");
        }

        var parsed = ParseBody(body, id);
        if (parsed.Error is not null)
        {
            return parsed.Error;
        }

        var operation = await assignments.StartAsync(id, enrollment, parsed.PayloadJson).ConfigureAwait(false);
        return new EmulatorResponse(202, DpsJson.Assigning(operation.Id), options.RetryAfterSeconds);
    }

    private async Task<EmulatorResponse> PollAsync(string id, string operationId)
    {
        var operation = assignments.Find(operationId, id);
        if (operation is null)
        {
            return errors.Error(404, DpsErrorCodes.OperationNotFound, "Operation not found.", "unknown operation id");
        }

        return await assignments.TryCompleteAsync(operation).ConfigureAwait(false)
            ? new EmulatorResponse(200, operation.Result!, Detail: Outcome(operation.State!))
            : new EmulatorResponse(202, DpsJson.Assigning(operation.Id), options.RetryAfterSeconds);
    }

    private async Task<EmulatorResponse> StatusAsync(HttpRequest request, string id)
    {
        var (body, tooLarge) = await ReadBodyAsync(request).ConfigureAwait(false);
        if (tooLarge)
        {
            return errors.Error(413, DpsErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBodyBytes} bytes.");
        }

        if (body.Length > 0)
        {
            if (!IsJson(request.ContentType))
            {
                return errors.Error(415, DpsErrorCodes.UnsupportedMediaType, "The body must be application/json.", "content type not JSON");
            }

            var parsed = ParseBody(body, id);
            if (parsed.Error is not null)
            {
                return parsed.Error;
            }
        }

        var state = await assignments.CurrentStateAsync(id).ConfigureAwait(false);
        return new EmulatorResponse(200, DpsJson.RegistrationState(state), Detail: Outcome(state));
    }

    /// <summary>The outcome a 200 carries, for the request log: <c>assigned to hub</c>, <c>disabled</c>, <c>failed 400208</c>.</summary>
    private static string Outcome(RegistrationStateBody state) => state.Status switch
    {
        "assigned" => "assigned to " + state.AssignedHub,
        "failed" => $"failed {state.ErrorCode}",
        _ => state.Status,
    };

    internal static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the whole body, up to <paramref name="maxBytes"/> (default <see cref="MaxBodyBytes"/>).</summary>
    internal static async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(HttpRequest request, int maxBytes = MaxBodyBytes)
    {
        if (request.ContentLength is { } length)
        {
            if (length > maxBytes)
            {
                return ([], true);
            }

            var body = new byte[length];
            await request.Body.ReadExactlyAsync(body).ConfigureAwait(false);
            return (body, false);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return ([], true);
            }
        }

        return (buffer.ToArray(), false);
    }

    private (EmulatorResponse? Error, string? PayloadJson) ParseBody(byte[] body, string pathRegistrationId)
    {
        // The JSON reader checks UTF-8 only when a string is read: check the whole body first.
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return (errors.Error(400, DpsErrorCodes.InvalidBody, "The body is not valid UTF-8.", "body not UTF-8"), null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (errors.Error(400, DpsErrorCodes.InvalidBody, "The body must be a JSON object.", "body not an object"), null);
            }

            if (!root.TryGetProperty("registrationId", out var bodyId) || bodyId.ValueKind != JsonValueKind.String)
            {
                return (errors.Error(400, DpsErrorCodes.InvalidBody, "The body has no registrationId.", "no registrationId in body"), null);
            }

            if (!string.Equals(bodyId.GetString(), pathRegistrationId, StringComparison.OrdinalIgnoreCase))
            {
                return (errors.Error(400, DpsErrorCodes.RegistrationIdMismatch, "The registrationId of the body differs from the one in the path.", "body/path registrationId mismatch"), null);
            }

            string? payload = null;
            if (root.TryGetProperty("payload", out var payloadElement) && payloadElement.ValueKind != JsonValueKind.Null)
            {
                if (payloadElement.ValueKind != JsonValueKind.Object)
                {
                    return (errors.Error(400, DpsErrorCodes.InvalidBody, "payload must be a JSON object.", "payload not an object"), null);
                }

                ReadEveryString(payloadElement); // the raw text keeps escapes: an escaped lone surrogate would be stored and echoed
                payload = payloadElement.GetRawText();
            }

            return (null, payload);
        }
        catch (JsonException)
        {
            return (errors.Error(400, DpsErrorCodes.InvalidBody, "The body is not valid JSON.", "body not JSON"), null);
        }
        catch (InvalidOperationException)
        {
            // A string the reader cannot turn into text (e.g. an escaped lone surrogate).
            return (errors.Error(400, DpsErrorCodes.InvalidBody, "The body is not valid JSON text in UTF-8.", "body not UTF-8 JSON"), null);
        }
    }

    /// <summary>Reads every property name and string below <paramref name="element"/>; throws <see cref="InvalidOperationException"/> on one that is not text.</summary>
    private static void ReadEveryString(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    ReadEveryString(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    ReadEveryString(item);
                }

                break;
        }
    }
}
