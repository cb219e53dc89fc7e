using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>
/// An emulator in a temp folder with one enrollment group ("group-1", hubs hub-1/hub-2) and a client
/// that trusts its ca.pem only. Options default to a fake clock and no assignment delay.
/// </summary>
internal sealed class TestEmulator : IAsyncDisposable
{
    public const string Hub1 = "hub-1.dps-emulator.local";
    public const string Hub2 = "hub-2.dps-emulator.local";
    public const string DefaultApiVersion = "2021-10-01";

    private readonly TempFolder? _ownedFolder;

    private TestEmulator(DpsEmulatorServer server, TempFolder? ownedFolder, FakeTimeProvider? time, string groupKey, bool newConnectionEachRequest)
    {
        Server = server;
        _ownedFolder = ownedFolder;
        Time = time;
        GroupKey = groupKey;
        Http = new HttpClient(TrustedHttp.Handler(server.CaCertificatePath, newConnectionEachRequest))
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public DpsEmulatorServer Server { get; }

    public FakeTimeProvider? Time { get; }

    public HttpClient Http { get; }

    public string GroupKey { get; }

    public string IdScope => Server.IdScope;

    public DateTimeOffset Now => Time?.GetUtcNow() ?? DateTimeOffset.UtcNow;

    /// <summary>Starts an emulator. <paramref name="configure"/> may change the options; <paramref name="folder"/> reuses a data folder.</summary>
    public static async Task<TestEmulator> StartAsync(
        Action<DpsEmulatorOptions>? configure = null,
        string? folder = null,
        bool fakeTime = true,
        bool addGroup = true,
        bool newConnectionEachRequest = false)
    {
        var owned = folder is null ? new TempFolder() : null;
        var time = fakeTime ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;
        var options = new DpsEmulatorOptions
        {
            DataFolder = folder ?? owned!.Path,
            CreateDemoEnrollment = false,
            AssignmentDelay = TimeSpan.Zero,
            TimeProvider = (TimeProvider?)time ?? TimeProvider.System,
        };
        configure?.Invoke(options);
        var server = await DpsEmulatorServer.StartAsync(options);
        var groupKey = server.Enrollments.Groups.FirstOrDefault(g => g.EnrollmentGroupId == "group-1")?.PrimaryKey ?? SymmetricKeys.GenerateKey();
        if (addGroup && server.Enrollments.Groups.All(g => g.EnrollmentGroupId != "group-1"))
        {
            await server.Enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup
            {
                EnrollmentGroupId = "group-1",
                PrimaryKey = groupKey,
                SecondaryKey = SymmetricKeys.GenerateKey(),
                IotHubs = [Hub1, Hub2],
            });
        }

        return new TestEmulator(server, owned, time, groupKey, newConnectionEachRequest);
    }

    public string DeviceKey(string registrationId) => Sas.DeriveKey(GroupKey, registrationId);

    public string Token(string registrationId, string? key = null, bool lowercaseEscapes = false) =>
        Sas.ForRegistration(IdScope, registrationId, key ?? DeviceKey(registrationId), Now, lowercaseEscapes);

    public Task<HttpResponseMessage> RegisterAsync(
        string registrationId,
        string? authorization = null,
        string? body = null,
        string apiVersion = DefaultApiVersion,
        string? idScope = null,
        string contentType = "application/json; charset=utf-8")
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{idScope ?? IdScope}/registrations/{registrationId}/register?api-version={apiVersion}")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body ?? $"{{\"registrationId\":\"{registrationId}\"}}")),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        Authorize(request, authorization ?? Token(registrationId));
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PollAsync(string registrationId, string operationId, string? authorization = null, string apiVersion = DefaultApiVersion)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{IdScope}/registrations/{registrationId}/operations/{operationId}?api-version={apiVersion}");
        Authorize(request, authorization ?? Token(registrationId));
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> StatusAsync(string registrationId, string? authorization = null, string? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{IdScope}/registrations/{registrationId}?api-version={DefaultApiVersion}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        Authorize(request, authorization ?? Token(registrationId));
        return Http.SendAsync(request);
    }

    /// <summary>Register, then poll until terminal; the fake clock is advanced by Retry-After (or the real time waited).</summary>
    public async Task<JsonElement> ProvisionAsync(string registrationId, string? key = null, string? body = null)
    {
        var token = Token(registrationId, key);
        using var register = await RegisterAsync(registrationId, token, body);
        Assert.Equal(HttpStatusCode.Accepted, register.StatusCode);
        var answer = await Json(register);
        var operationId = answer.GetProperty("operationId").GetString()!;
        for (var poll = 0; poll < 10; poll++)
        {
            await WaitAsync(RetryAfter(register) ?? 0);
            using var response = await PollAsync(registrationId, operationId, token);
            answer = await Json(response);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return answer;
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        throw new Xunit.Sdk.XunitException("Operation still assigning after 10 polls.");
    }

    public async Task WaitAsync(int seconds)
    {
        if (Time is not null)
        {
            Time.Advance(TimeSpan.FromSeconds(seconds));
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds));
        }
    }

    public static int? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : null;

    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        _ownedFolder?.Dispose();
    }

    private static void Authorize(HttpRequestMessage request, string authorization)
    {
        if (authorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
    }
}
