using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace NanoDps.Emulator;

/// <summary>
/// The DPS device API: register (PUT), operation poll (GET), status lookup (POST), once
/// <see cref="RequestChecks"/> passed the request (api-version, registration id, quota, id scope +
/// SAS token + enrollment in <see cref="DeviceAuthenticator"/>); then the body (415/413/400).
/// </summary>
internal sealed class DpsHandler
{
    /// <summary>The api-versions the device API accepts.</summary>
    public static readonly IReadOnlySet<string> ApiVersions =
        new HashSet<string>(["2019-03-31", "2021-06-01", "2021-10-01", "2026-04-01"], StringComparer.Ordinal);

    /// <summary>Largest register or status-lookup body accepted.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private readonly DpsEmulatorOptions _options;
    private readonly Assignments _assignments;
    private readonly DeviceErrors _errors;

    public DpsHandler(DpsEmulatorOptions options, Assignments assignments, DeviceErrors errors)
    {
        _options = options;
        _assignments = assignments;
        _errors = errors;
    }

    /// <summary>Answers a request that passed <see cref="RequestChecks"/>.</summary>
    public async Task<EmulatorResponse> HandleAsync(HttpContext context, Route route, Caller caller)
    {
        var request = context.Request;
        var id = route.RegistrationId!;
        return route.Kind switch
        {
            RequestKind.Register => await RegisterAsync(request, id, caller.Enrollment!).ConfigureAwait(false),
            RequestKind.Poll => await PollAsync(id, route.OperationId!).ConfigureAwait(false),
            _ => await StatusAsync(request, id).ConfigureAwait(false),
        };
    }

    /// <summary>400 for a registration id in the path that is not valid, or null.</summary>
    public EmulatorResponse? InvalidIdentifier(Route route) =>
        Identifiers.IsValidRegistrationId(route.RegistrationId!)
            ? null
            : _errors.Error(400, DpsErrorCodes.InvalidRegistrationId, "The registration id is not valid.", "invalid registration id");

    private async Task<EmulatorResponse> RegisterAsync(HttpRequest request, string id, EnrollmentMatch enrollment)
    {
        if (request.ContentLength is not 0 && !IsJson(request.ContentType))
        {
            return _errors.Error(415, DpsErrorCodes.UnsupportedMediaType, "The body must be application/json.", "content type not JSON");
        }

        var (body, tooLarge) = await ReadBodyAsync(request).ConfigureAwait(false);
        if (tooLarge)
        {
            return _errors.Error(413, DpsErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBodyBytes} bytes.");
        }

        if (body.Length == 0)
        {
            return _errors.Error(400, DpsErrorCodes.InvalidBody, "A body {\"registrationId\":\"...\"} is required.", "empty body");
        }

        var parsed = ParseBody(body, id);
        if (parsed.Error is not null)
        {
            return parsed.Error;
        }

        var operation = await _assignments.StartAsync(id, enrollment, parsed.PayloadJson).ConfigureAwait(false);
        return new EmulatorResponse(202, DpsJson.Assigning(operation.Id), _options.RetryAfterSeconds);
    }

    private async Task<EmulatorResponse> PollAsync(string id, string operationId)
    {
        var operation = _assignments.Find(operationId, id);
        if (operation is null)
        {
            return _errors.Error(404, DpsErrorCodes.OperationNotFound, "Operation not found.", "unknown operation id");
        }

        return await _assignments.TryCompleteAsync(operation).ConfigureAwait(false)
            ? new EmulatorResponse(200, operation.Result!, Detail: Outcome(operation.State!))
            : new EmulatorResponse(202, DpsJson.Assigning(operation.Id), _options.RetryAfterSeconds);
    }

    private async Task<EmulatorResponse> StatusAsync(HttpRequest request, string id)
    {
        var (body, tooLarge) = await ReadBodyAsync(request).ConfigureAwait(false);
        if (tooLarge)
        {
            return _errors.Error(413, DpsErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBodyBytes} bytes.");
        }

        if (body.Length > 0)
        {
            if (!IsJson(request.ContentType))
            {
                return _errors.Error(415, DpsErrorCodes.UnsupportedMediaType, "The body must be application/json.", "content type not JSON");
            }

            var parsed = ParseBody(body, id);
            if (parsed.Error is not null)
            {
                return parsed.Error;
            }
        }

        var state = await _assignments.CurrentStateAsync(id).ConfigureAwait(false);
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
            return (_errors.Error(400, DpsErrorCodes.InvalidBody, "The body is not valid UTF-8.", "body not UTF-8"), null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (_errors.Error(400, DpsErrorCodes.InvalidBody, "The body must be a JSON object.", "body not an object"), null);
            }

            if (!root.TryGetProperty("registrationId", out var bodyId) || bodyId.ValueKind != JsonValueKind.String)
            {
                return (_errors.Error(400, DpsErrorCodes.InvalidBody, "The body has no registrationId.", "no registrationId in body"), null);
            }

            if (!string.Equals(bodyId.GetString(), pathRegistrationId, StringComparison.OrdinalIgnoreCase))
            {
                return (_errors.Error(400, DpsErrorCodes.RegistrationIdMismatch, "The registrationId of the body differs from the one in the path.", "body/path registrationId mismatch"), null);
            }

            string? payload = null;
            if (root.TryGetProperty("payload", out var payloadElement) && payloadElement.ValueKind != JsonValueKind.Null)
            {
                if (payloadElement.ValueKind != JsonValueKind.Object)
                {
                    return (_errors.Error(400, DpsErrorCodes.InvalidBody, "payload must be a JSON object.", "payload not an object"), null);
                }

                payload = payloadElement.GetRawText();
            }

            return (null, payload);
        }
        catch (JsonException)
        {
            return (_errors.Error(400, DpsErrorCodes.InvalidBody, "The body is not valid JSON.", "body not JSON"), null);
        }
        catch (InvalidOperationException)
        {
            // A string the reader cannot turn into text (e.g. an escaped lone surrogate).
            return (_errors.Error(400, DpsErrorCodes.InvalidBody, "The body is not valid JSON text in UTF-8.", "body not UTF-8 JSON"), null);
        }
    }
}
