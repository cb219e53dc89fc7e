using Microsoft.Extensions.Logging;
using System.Net;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>The service API's authentication, api-versions, routing errors and its connection string.</summary>
public sealed class ServiceApiAuthTests
{
    [Fact]
    public async Task Connection_string_is_written_0600_and_its_key_signs_service_requests()
    {
        await using var emu = await TestEmulator.StartAsync();
        var path = Path.Combine(emu.Server.DataFolder, "service-connection-string.txt");

        Assert.Equal(path, emu.Server.ServiceConnectionStringPath);
        Assert.Equal(emu.Server.ServiceConnectionString, File.ReadAllText(path).Trim());
        Assert.Matches("^HostName=localhost;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=[A-Za-z0-9+/]{43}=$", emu.Server.ServiceConnectionString);
        Assert.Equal(32, Convert.FromBase64String(ServiceClient.KeyOf(emu.Server.ServiceConnectionString)).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(emu.Server.DataFolder, "service-policy.json")));
        }

        var (status, body, _) = await new ServiceClient(emu).GetAsync("/enrollmentGroups/group-1");
        Assert.Equal(200, status);
        Assert.Equal("group-1", body.GetProperty("enrollmentGroupId").GetString());
    }

    [Fact]
    public async Task Service_key_is_kept_across_restarts()
    {
        using var folder = new TempFolder();
        string first;
        await using (var emu = await TestEmulator.StartAsync(folder: folder.Path))
        {
            first = emu.Server.ServiceConnectionString;
        }

        await using var again = await TestEmulator.StartAsync(folder: folder.Path);
        Assert.Equal(first, again.Server.ServiceConnectionString);
    }

    [Fact]
    public async Task A_connection_string_written_before_the_policy_file_keeps_its_key()
    {
        using var folder = new TempFolder();
        var earlier = SymmetricKeys.GenerateKey(32);
        File.WriteAllText(Path.Combine(folder.Path, "service-connection-string.txt"), $"HostName=localhost;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey={earlier}\n");

        await using var emu = await TestEmulator.StartAsync(folder: folder.Path);

        Assert.Equal(earlier, ServiceClient.KeyOf(emu.Server.ServiceConnectionString));
        Assert.Equal(200, (await new ServiceClient(emu).GetAsync("/enrollmentGroups/group-1")).Status);
    }

    public static TheoryData<string> AcceptedResources => new()
    {
        "localhost",                    // Node: HostName raw
        "LOCALHOST",                    // compared ignoring case
        "localhost%3A{port}",           // the CLI: quote_plus("localhost:port")
        "localhost:{port}",
        "127.0.0.1",                    // the Host the request was sent to
        "localhost%2Fenrollmentgroups", // a prefix of the path, by segment
    };

    [Theory]
    [MemberData(nameof(AcceptedResources))]
    public async Task Service_tokens_are_accepted_with_sr_as_each_client_sends_it(string sr)
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);

        using var response = await client.SendAsync(HttpMethod.Get, "/enrollmentGroups/group-1", authorization: client.Token(sr.Replace("{port}", emu.Server.Port.ToString())));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_secondary_key_signs_too_and_skn_is_compared_ignoring_case()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var policy = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(emu.Server.DataFolder, "service-policy.json")));
        var secondary = policy.RootElement.GetProperty("secondaryKey").GetString()!;

        using var response = await client.SendAsync(HttpMethod.Get, "/enrollmentGroups/group-1", authorization: client.Token(key: secondary, skn: "ProvisioningServiceOwner"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "no token", "no Authorization header" },
        { "device token", "skn does not name" },
        { "no skn", "skn does not name" },
        { "wrong key", "signature does not match" },
        { "expired", "expired" },
        { "other host", "sr (url-decoded) is not this service's host" },
        { "other path", "sr (url-decoded) is not this service's host" },
        { "bearer", "Bearer" },
        { "garbage", "Authorization is not" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_service_tokens_get_401_401002_and_the_reason_only_in_the_log(string which, string reason)
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var authorization = which switch
        {
            "no token" => string.Empty,
            "device token" => client.Token(skn: "registration"),
            "no skn" => client.Token(skn: null),
            "wrong key" => client.Token(key: SymmetricKeys.GenerateKey(32)),
            "expired" => client.Token(expiry: emu.Now.AddMinutes(-6)),
            "other host" => client.Token(sr: "other-dps.azure-devices-provisioning.net"),
            "other path" => client.Token(sr: "localhost/registrations"),
            "bearer" => "Bearer eyJ0eXAiOiJKV1QifQ.e30.c2ln",
            _ => "SharedAccessSignature nonsense",
        };

        var (status, body, _) = await client.CallAsync(HttpMethod.Get, "/enrollmentGroups/group-1", authorization: authorization);

        Assert.Equal(401, status);
        Assert.Equal(401002, body.GetProperty("errorCode").GetInt32());
        Assert.Equal("Unauthorized", body.GetProperty("message").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("trackingId").GetString(), out _));
        Assert.Contains(reason, emu.Server.RequestLog.Snapshot()[^1].Detail);
        Assert.Equal(RequestKind.Service, emu.Server.RequestLog.Snapshot()[^1].Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2020-01-01")]
    [InlineData("2021-10-01-preview")]
    public async Task Unknown_or_missing_api_version_gets_400001_naming_the_accepted_ones(string? apiVersion)
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await new ServiceClient(emu).SendAsync(HttpMethod.Get, "/enrollmentGroups/group-1", apiVersion: apiVersion);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await TestEmulator.Json(response);
        Assert.Equal(400001, body.GetProperty("errorCode").GetInt32());
        Assert.Contains("2021-10-01", body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("2019-03-31")]
    [InlineData("2021-06-01")]
    [InlineData("2026-04-01")]
    public async Task The_api_versions_the_sdks_send_are_accepted(string apiVersion)
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await new ServiceClient(emu).SendAsync(HttpMethod.Get, "/enrollmentGroups/group-1", apiVersion: apiVersion);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("PATCH", "/enrollments/dev-1", "GET, PUT, DELETE")]
    [InlineData("GET", "/enrollments", "POST")]
    [InlineData("GET", "/enrollmentGroups/g-1/attestationmechanism", "POST")]
    [InlineData("PUT", "/registrations/dev-1", "GET, DELETE")]
    [InlineData("GET", "/registrations/g-1/query", "POST")]
    public async Task Wrong_method_gets_405_with_allow(string method, string path, string allow)
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await new ServiceClient(emu).SendAsync(new HttpMethod(method), path);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal(405000, (await TestEmulator.Json(response)).GetProperty("errorCode").GetInt32());
    }

    [Fact]
    public async Task Service_calls_spend_the_operations_quota()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Quotas = new QuotaOptions { OperationsPerMinute = 60, OperationBurst = 2 });
        var client = new ServiceClient(emu);

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SendAsync(HttpMethod.Get, "/enrollmentGroups/group-1");
            statuses.Add((int)response.StatusCode);
            if (i == 2)
            {
                Assert.Equal(429002, (await TestEmulator.Json(response)).GetProperty("errorCode").GetInt32());
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal([200, 200, 429], statuses);
    }

    [Fact]
    public async Task Id_scopes_named_like_service_paths_are_refused()
    {
        using var folder = new TempFolder();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path, IdScope = "Enrollments" }));
        Assert.Contains("Enrollments", error.Message);
    }

    [Fact]
    public async Task Neither_the_service_key_nor_a_token_reaches_the_log()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        await using var emu = await TestEmulator.StartAsync(o => { o.LoggerFactory = factory; o.WriteRequestLogFile = true; });
        var client = new ServiceClient(emu);
        var token = client.Token();
        var wrong = client.Token(key: SymmetricKeys.GenerateKey(32));
        var created = (await client.PutAsync("/enrollments/logged-1", """{"attestation":{"type":"symmetricKey"}}""")).Body;
        await client.CallAsync(HttpMethod.Get, "/enrollments/logged-1", authorization: wrong);
        await emu.Server.DisposeAsync();

        var everything = logs.Text + File.ReadAllText(Path.Combine(emu.Server.DataFolder, "requests.jsonl"));
        Assert.DoesNotContain(client.Key, everything);
        Assert.DoesNotContain(Sas.SignatureOf(token), everything);
        Assert.DoesNotContain(Sas.SignatureOf(wrong), everything);
        Assert.DoesNotContain(created.GetProperty("attestation").GetProperty("symmetricKey").GetProperty("primaryKey").GetString()!, everything);
    }
}
