using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace NanoDps.Emulator;

/// <summary>
/// The DPS device API: register (PUT), operation poll (GET), status lookup (POST). Checks run in
/// this order: api-version (400), registration id syntax (400), [quota (429) when throttling before
/// authentication], id scope + SAS token + enrollment (401), [quota (429)], body (415/413/400).
/// </summary>
internal sealed class DpsHandler
{
    /// <summary>The api-versions the device API accepts.</summary>
    public static readonly IReadOnlySet<string> ApiVersions =
        new HashSet<string>(["2019-03-31", "2021-06-01", "2021-10-01", "2026-04-01"], StringComparer.Ordinal);

    /// <summary>Largest register or status-lookup body accepted.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private readonly DpsEmulatorOptions _options;
    private readonly EnrollmentManager _enrollments;
    private readonly Assignments _assignments;
    private readonly QuotaGate _quotas;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DpsHandler(DpsEmulatorOptions options, EnrollmentManager enrollments, Assignments assignments, QuotaGate quotas, ILogger logger)
    {
        _options = options;
        _enrollments = enrollments;
        _assignments = assignments;
        _quotas = quotas;
        _time = options.TimeProvider;
        _logger = logger;
    }

    public async Task<EmulatorResponse> HandleAsync(HttpContext context, Route route)
    {
        var request = context.Request;
        var id = route.RegistrationId!;
        var apiVersion = request.Query["api-version"];
        if (apiVersion.Count != 1 || !ApiVersions.Contains(apiVersion[0]!))
        {
            return Error(400, DpsErrorCodes.InvalidApiVersion,
                $"The api-version '{apiVersion}' is not supported; use one of {string.Join(", ", ApiVersions)}.", "unsupported api-version");
        }

        if (!Identifiers.IsValidRegistrationId(id))
        {
            return Error(400, DpsErrorCodes.InvalidRegistrationId, "The registration id is not valid.", "invalid registration id");
        }

        if (_options.Quotas.ThrottleBeforeAuthentication && Throttled(route.Kind, id) is { } early)
        {
            return early;
        }

        var enrollment = Authenticate(request, route, out var failure);
        if (enrollment is null)
        {
            _logger.LogInformation("401 for {Kind} of {RegistrationId}: {Reason}.", route.Kind, id, failure.Describe());
            return Error(401, DpsErrorCodes.Unauthorized, "Unauthorized", failure.Describe());
        }

        if (!_options.Quotas.ThrottleBeforeAuthentication && Throttled(route.Kind, id) is { } late)
        {
            return late;
        }

        return route.Kind switch
        {
            RequestKind.Register => await RegisterAsync(request, id, enrollment).ConfigureAwait(false),
            RequestKind.Poll => await PollAsync(id, route.OperationId!).ConfigureAwait(false),
            _ => await StatusAsync(request, id).ConfigureAwait(false),
        };
    }

    /// <summary>A DPS error answer.</summary>
    public EmulatorResponse Error(int status, int errorCode, string message, string? detail = null, int? retryAfter = null) =>
        new(status, DpsJson.Error(errorCode, message, _time.GetUtcNow()), retryAfter, detail ?? message);

    private EmulatorResponse? Throttled(RequestKind kind, string registrationId) =>
        _quotas.Check(kind, registrationId) is { } t
            ? Error(429, t.Code, t.Message, "quota: " + t.Code, _options.ThrottleRetryAfterSeconds)
            : null;

    private EnrollmentMatch? Authenticate(HttpRequest request, Route route, out AuthFailure failure)
    {
        if (!route.IdScope!.Equals(_enrollments.IdScope, StringComparison.OrdinalIgnoreCase))
        {
            failure = AuthFailure.UnknownIdScope;
            return null;
        }

        var header = request.Headers.Authorization;
        if (!SharedAccessSignature.TryParse(header.Count == 1 ? header[0] : null, out var sas, out failure))
        {
            return null;
        }

        if (!sas!.HasResource($"{route.IdScope}/registrations/{route.RegistrationId}"))
        {
            failure = AuthFailure.ResourceMismatch;
            return null;
        }

        if (!sas.IsUnexpired(_time.GetUtcNow(), _options.ClockSkew))
        {
            failure = AuthFailure.Expired;
            return null;
        }

        return _enrollments.Current.Authenticate(route.RegistrationId!, sas, out failure);
    }

    private async Task<EmulatorResponse> RegisterAsync(HttpRequest request, string id, EnrollmentMatch enrollment)
    {
        if (request.ContentLength is not 0 && !IsJson(request.ContentType))
        {
            return Error(415, DpsErrorCodes.UnsupportedMediaType, "The body must be application/json.", "content type not JSON");
        }

        var (body, tooLarge) = await ReadBodyAsync(request).ConfigureAwait(false);
        if (tooLarge)
        {
            return Error(413, DpsErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBodyBytes} bytes.");
        }

        if (body.Length == 0)
        {
            return Error(400, DpsErrorCodes.InvalidBody, "A body {\"registrationId\":\"...\"} is required.", "empty body");
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
            return Error(404, DpsErrorCodes.OperationNotFound, "Operation not found.", "unknown operation id");
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
            return Error(413, DpsErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBodyBytes} bytes.");
        }

        if (body.Length > 0)
        {
            if (!IsJson(request.ContentType))
            {
                return Error(415, DpsErrorCodes.UnsupportedMediaType, "The body must be application/json.", "content type not JSON");
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
            return (Error(400, DpsErrorCodes.InvalidBody, "The body is not valid UTF-8.", "body not UTF-8"), null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (Error(400, DpsErrorCodes.InvalidBody, "The body must be a JSON object.", "body not an object"), null);
            }

            if (!root.TryGetProperty("registrationId", out var bodyId) || bodyId.ValueKind != JsonValueKind.String)
            {
                return (Error(400, DpsErrorCodes.InvalidBody, "The body has no registrationId.", "no registrationId in body"), null);
            }

            if (!string.Equals(bodyId.GetString(), pathRegistrationId, StringComparison.OrdinalIgnoreCase))
            {
                return (Error(400, DpsErrorCodes.RegistrationIdMismatch, "The registrationId of the body differs from the one in the path.", "body/path registrationId mismatch"), null);
            }

            string? payload = null;
            if (root.TryGetProperty("payload", out var payloadElement) && payloadElement.ValueKind != JsonValueKind.Null)
            {
                if (payloadElement.ValueKind != JsonValueKind.Object)
                {
                    return (Error(400, DpsErrorCodes.InvalidBody, "payload must be a JSON object.", "payload not an object"), null);
                }

                ReadEveryString(payloadElement); // the raw text keeps escapes: an escaped lone surrogate would be stored and echoed
                payload = payloadElement.GetRawText();
            }

            return (null, payload);
        }
        catch (JsonException)
        {
            return (Error(400, DpsErrorCodes.InvalidBody, "The body is not valid JSON.", "body not JSON"), null);
        }
        catch (InvalidOperationException)
        {
            // A string the reader cannot turn into text (e.g. an escaped lone surrogate).
            return (Error(400, DpsErrorCodes.InvalidBody, "The body is not valid JSON text in UTF-8.", "body not UTF-8 JSON"), null);
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
