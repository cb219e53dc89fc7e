using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// Custom allocation as DPS does it (learn.microsoft.com, "Understand custom allocation policies"): a
/// POST of the AllocationRequest (the enrollment without its keys, the device's runtime context with
/// its registration id and payload, the linked hubs) to the enrollment's webhook, whose
/// AllocationResponse names the hub (<c>iotHubHostName</c>, one of the linked hubs), the initial twin and
/// the payload returned to the device. Any other answer, a failure or no answer within
/// <see cref="DpsEmulatorOptions.CustomAllocationTimeout"/> fails the registration with 400207.
/// Every call is one <see cref="RequestKind.Webhook"/> entry of the request log (the key in the URL hidden).
/// </summary>
internal sealed class CustomAllocator : IDisposable
{
    private readonly HttpClient _http;
    private readonly DpsEmulatorOptions _options;
    private readonly RequestLog _log;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, string> _twins = new(StringComparer.OrdinalIgnoreCase);

    public CustomAllocator(DpsEmulatorOptions options, RequestLog log, ILogger logger)
    {
        _options = options;
        _log = log;
        _logger = logger;
        var trusted = options.WebhookTrustedCertificates;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None || (certificate is not null && trusted.Any(root => CustomRootTrust.Validate(root, certificate, errors))),
            },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The initial twin (JSON text) the webhook gave the device <paramref name="deviceId"/> of <paramref name="hub"/>, or null.</summary>
    public string? InitialTwin(string hub, string deviceId) => _twins.GetValueOrDefault(TwinKey(hub, deviceId));

    /// <summary>Keeps the initial twin of an assignment (null: none given).</summary>
    public void StoreTwin(string hub, string deviceId, string? twinJson)
    {
        if (twinJson is not null)
        {
            _twins[TwinKey(hub, deviceId)] = twinJson;
        }
    }

    /// <summary>Asks the webhook of <paramref name="match"/> where <paramref name="registrationId"/> goes; never throws.</summary>
    public async Task<CustomAllocationResult> AllocateAsync(string registrationId, EnrollmentMatch match, string? devicePayloadJson, RegistrationRecord? current)
    {
        var definition = CustomAllocationDefinition.Parse(match.Enrollment.CustomAllocationDefinitionJson);
        if (definition is null)
        {
            return CustomAllocationResult.Failed("the enrollment's customAllocationDefinition has no usable webhookUrl.");
        }

        var linked = match.IotHubs;
        var body = Request(registrationId, match, devicePayloadJson, current, linked);
        var start = _options.TimeProvider.GetUtcNow();
        var status = 0;
        CustomAllocationResult result;
        using var timeout = new CancellationTokenSource(_options.CustomAllocationTimeout);
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await _http.PostAsync(definition.WebhookUrl, content, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            result = response.IsSuccessStatusCode
                ? Interpret(text, linked)
                : CustomAllocationResult.Failed($"the webhook answered HTTP {status}.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = CustomAllocationResult.Failed($"the webhook did not answer within {_options.CustomAllocationTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            result = CustomAllocationResult.Failed($"the webhook could not be reached ({e.HttpRequestError}: {e.Message}).");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result = CustomAllocationResult.Failed($"the webhook call failed ({e.GetType().Name}: {e.Message}).");
        }

        var detail = result.Failure is null ? "custom allocation: " + result.Hub : "custom allocation failed: " + result.Failure;
        _log.Add(new RequestLogEntry("POST", CustomAllocationDefinition.Redacted(definition.WebhookUrl), status, start, _options.TimeProvider.GetUtcNow(),
            registrationId, RequestKind.Webhook, null, detail));
        if (result.Failure is null)
        {
            _logger.LogInformation("Custom allocation of {RegistrationId}: the webhook picked {Hub}.", registrationId, result.Hub);
        }
        else
        {
            _logger.LogWarning("Custom allocation of {RegistrationId} failed: {Reason}", registrationId, result.Failure);
        }

        return result;
    }

    public void Dispose() => _http.Dispose();

    private static string TwinKey(string hub, string deviceId) => hub + "/" + deviceId;

    /// <summary>The AllocationRequest, as the docs' sample shows it (the enrollment as the service API writes it, without keys).</summary>
    private static byte[] Request(string registrationId, EnrollmentMatch match, string? payloadJson, RegistrationRecord? current, IReadOnlyList<string> linked) =>
        JsonBody.Write(w =>
        {
            w.WriteStartObject();
            if (match.Group is { } group)
            {
                w.WritePropertyName("enrollmentGroup");
                ServiceJson.WriteGroup(w, group, withKeys: false);
            }
            else
            {
                w.WritePropertyName("individualEnrollment");
                ServiceJson.WriteIndividual(w, match.Individual!, withKeys: false, registration: null);
            }

            w.WritePropertyName("deviceRuntimeContext");
            w.WriteStartObject();
            w.WriteString("registrationId", registrationId);
            if (current is not null)
            {
                w.WriteString("currentIotHubHostName", current.AssignedHub);
                w.WriteString("currentDeviceId", current.DeviceId);
            }

            w.WritePropertyName("symmetricKey");
            w.WriteStartObject();
            w.WriteEndObject();
            if (payloadJson is not null)
            {
                w.WritePropertyName("payload");
                w.WriteRawValue(payloadJson, skipInputValidation: true);
            }

            w.WriteEndObject();
            w.WriteStartArray("linkedHubs");
            foreach (var hub in linked)
            {
                w.WriteStringValue(hub);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>The AllocationResponse: <c>iotHubHostName</c> (one of <paramref name="linked"/>), optional <c>initialTwin</c> and <c>payload</c> objects.</summary>
    private static CustomAllocationResult Interpret(string text, IReadOnlyList<string> linked)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return CustomAllocationResult.Failed("the webhook's answer is not JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return CustomAllocationResult.Failed("the webhook's answer is not a JSON object.");
            }

            string? hub = null;
            string? twin = null;
            string? payload = null;
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                if (property.Name.Equals("iotHubHostName", StringComparison.OrdinalIgnoreCase) && value.ValueKind == JsonValueKind.String)
                {
                    hub = value.GetString();
                }
                else if (property.Name.Equals("initialTwin", StringComparison.OrdinalIgnoreCase) && value.ValueKind != JsonValueKind.Null)
                {
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        return CustomAllocationResult.Failed("the webhook's initialTwin is not a JSON object.");
                    }

                    twin = value.GetRawText();
                }
                else if (property.Name.Equals("payload", StringComparison.OrdinalIgnoreCase) && value.ValueKind != JsonValueKind.Null)
                {
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        return CustomAllocationResult.Failed("the webhook's payload is not a JSON object.");
                    }

                    payload = value.GetRawText();
                }
            }

            if (string.IsNullOrEmpty(hub))
            {
                return CustomAllocationResult.Failed("the webhook's answer names no iotHubHostName.");
            }

            if (!linked.Any(h => h.Equals(hub, StringComparison.OrdinalIgnoreCase)))
            {
                return CustomAllocationResult.Failed($"the webhook picked {hub}, which is not a linked hub ({string.Join(", ", linked)}).");
            }

            return new CustomAllocationResult(hub.ToLowerInvariant(), twin, payload, null);
        }
    }
}

/// <summary>What a custom allocation webhook decided: the hub, initial twin and payload, or why it failed.</summary>
internal sealed record CustomAllocationResult(string? Hub, string? InitialTwinJson, string? PayloadJson, string? Failure)
{
    public static CustomAllocationResult Failed(string reason) => new(null, null, null, reason);
}
