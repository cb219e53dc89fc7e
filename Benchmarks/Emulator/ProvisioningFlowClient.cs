using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using NanoDps.Emulator;
using NanoDps.Provisioning;

namespace NanoDps.Benchmarks.Emulator;

/// <summary>
/// A minimal DPS device client for load: derive the device key, sign, register, poll until
/// terminal honouring Retry-After. Key and token from the device core's <see cref="DeviceKey"/> and <see cref="SasToken"/>.
/// </summary>
internal sealed class ProvisioningFlowClient
{
    private const string ApiVersion = "2021-10-01";

    private readonly HttpClient _http;
    private readonly string _idScope;
    private readonly byte[] _groupKey;

    public ProvisioningFlowClient(HttpClient http, string idScope, string groupKey)
    {
        _http = http;
        _idScope = idScope;
        _groupKey = Convert.FromBase64String(groupKey);
    }

    /// <summary>One complete flow; returns the assigned hub or throws.</summary>
    public async Task<string> ProvisionAsync(string registrationId, CancellationToken cancellationToken = default)
    {
        var deviceKey = DeviceKey.Derive(_groupKey, registrationId, HostHmac.Instance);
        var token = SasToken.Create(SasToken.DpsResource(_idScope, registrationId), deviceKey,
            DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), SasToken.RegistrationKeyName, HostHmac.Instance);
        var basePath = $"{_idScope}/registrations/{registrationId}";

        using var register = new HttpRequestMessage(HttpMethod.Put, $"{basePath}/register?api-version={ApiVersion}")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"registrationId\":\"{registrationId}\"}}")),
        };
        register.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        register.Headers.TryAddWithoutValidation("Authorization", token);
        using var registered = await _http.SendAsync(register, cancellationToken);
        if (registered.StatusCode != HttpStatusCode.Accepted)
        {
            throw new HttpRequestException($"register answered {(int)registered.StatusCode}");
        }

        var operationId = (await ReadAsync(registered, cancellationToken)).GetProperty("operationId").GetString();
        var retryAfter = registered.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
        for (var poll = 0; poll < 20; poll++)
        {
            if (retryAfter > TimeSpan.Zero)
            {
                await Task.Delay(retryAfter, cancellationToken);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, $"{basePath}/operations/{operationId}?api-version={ApiVersion}");
            request.Headers.TryAddWithoutValidation("Authorization", token);
            using var answer = await _http.SendAsync(request, cancellationToken);
            var body = await ReadAsync(answer, cancellationToken);
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                return body.GetProperty("status").GetString() == "assigned"
                    ? body.GetProperty("registrationState").GetProperty("assignedHub").GetString()!
                    : throw new HttpRequestException($"operation ended {body.GetProperty("status").GetString()}");
            }

            if (answer.StatusCode != HttpStatusCode.Accepted)
            {
                throw new HttpRequestException($"poll answered {(int)answer.StatusCode}");
            }

            retryAfter = answer.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
        }

        throw new HttpRequestException("still assigning after 20 polls");
    }

    /// <summary>A client for the emulator: keep-alive, TLS trusting its CA only, up to <paramref name="connections"/> connections.</summary>
    public static HttpClient CreateHttpClient(DpsEmulatorServer server, int connections)
    {
        var handler = server.CreateHttpHandler();
        handler.MaxConnectionsPerServer = connections;
        handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5);
        handler.ActivityHeadersPropagator = null; // no distributed-tracing headers: a device sends none
        return new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client for an emulator in another process: trusts DATA_FOLDER/ca.pem only, connects to 127.0.0.1:<paramref name="port"/>.</summary>
    public static HttpClient CreateHttpClient(string dataFolder, int port, int connections)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dataFolder, "ca.pem")));
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ActivityHeadersPropagator = null,
            SslOptions = CustomRootTrust.ClientOptions(ca),
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A flow client for the id scope and first enrollment group of DATA_FOLDER/enrollments.json.</summary>
    public static ProvisioningFlowClient ForDataFolder(HttpClient http, string dataFolder)
    {
        var (idScope, groupKey) = ReadEnrollment(dataFolder);
        return new ProvisioningFlowClient(http, idScope, groupKey);
    }

    /// <summary>The id scope and the first enrollment group's primary key in DATA_FOLDER/enrollments.json; throws when they are not there.</summary>
    public static (string IdScope, string GroupKey) ReadEnrollment(string dataFolder)
    {
        using var enrollments = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataFolder, "enrollments.json")));
        var root = enrollments.RootElement;
        var groupKey = root.GetProperty("enrollmentGroups")[0].GetProperty("primaryKey").GetString()!;
        _ = Convert.FromBase64String(groupKey);
        return (root.GetProperty("idScope").GetString()!, groupKey);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }
}
