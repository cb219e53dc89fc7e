using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using NanoDps.Emulator.Cli;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// allocationPolicy "custom": the emulator POSTs the AllocationRequest to a real webhook on loopback
/// (<see cref="SampleAllocationFunction"/>, written like the docs' sample function) and follows its
/// AllocationResponse; every way the webhook can let DPS down fails the registration with 400207.
/// </summary>
public sealed class CustomAllocationTests
{
    private const string ToasterPayload = """{"model":"toaster-v2"}""";

    [Fact]
    public async Task A_custom_group_assigns_the_hub_the_webhook_picks_with_its_payload_and_initial_twin()
    {
        await using var function = await SampleAllocationFunction.StartAsync();
        await using var emu = await StartAsync(function.Url());

        var answer = await ProvisionAsync(emu, "kitchen-toaster-7", ToasterPayload);

        Assert.Equal("assigned", answer.GetProperty("status").GetString());
        var state = answer.GetProperty("registrationState");
        Assert.Equal(TestEmulator.Hub1, state.GetProperty("assignedHub").GetString());
        Assert.Equal("kitchen-toaster-7", state.GetProperty("deviceId").GetString());
        Assert.Equal("""{"site":"plant-7","kind":"toaster","model":"toaster-v2"}""", state.GetProperty("payload").GetRawText());
        Assert.Equal(TestEmulator.Hub1, emu.Server.GetRegistration("kitchen-toaster-7")!.AssignedHub);
        using var twin = JsonDocument.Parse(emu.Server.GetInitialTwin(TestEmulator.Hub1, "kitchen-toaster-7")!);
        Assert.Equal("toaster", twin.RootElement.GetProperty("tags").GetProperty("deviceType").GetString());

        var heatpump = await ProvisionAsync(emu, "hall-heatpump-2", null);
        Assert.Equal(TestEmulator.Hub2, heatpump.GetProperty("registrationState").GetProperty("assignedHub").GetString());
    }

    [Fact]
    public async Task The_webhook_gets_the_documented_AllocationRequest_with_the_function_key_and_no_device_key()
    {
        await using var function = await SampleAllocationFunction.StartAsync();
        await using var emu = await StartAsync(function.Url());

        await ProvisionAsync(emu, "kitchen-toaster-7", ToasterPayload);

        var (body, query) = Assert.Single(function.Requests);
        Assert.Equal("?code=" + Uri.EscapeDataString(SampleAllocationFunction.FunctionKey), query);
        var group = body["enrollmentGroup"]!;
        Assert.Equal("custom-1", (string?)group["enrollmentGroupId"]);
        Assert.Equal("custom", (string?)group["allocationPolicy"]);
        Assert.Equal(function.Url(), (string?)group["customAllocationDefinition"]!["webhookUrl"]);
        Assert.Equal("symmetricKey", (string?)group["attestation"]!["type"]);
        Assert.DoesNotContain(emu.GroupKey, body.ToJsonString());
        Assert.Null(body["individualEnrollment"]);
        var context = body["deviceRuntimeContext"]!;
        Assert.Equal("kitchen-toaster-7", (string?)context["registrationId"]);
        Assert.Equal(ToasterPayload, context["payload"]!.ToJsonString());
        Assert.NotNull(context["symmetricKey"]);
        Assert.Null(context["currentIotHubHostName"]);
        Assert.Equal([TestEmulator.Hub1, TestEmulator.Hub2], body["linkedHubs"]!.AsArray().Select(h => (string)h!));

        await ProvisionAsync(emu, "kitchen-toaster-7", ToasterPayload);
        var again = function.Requests[1].Body["deviceRuntimeContext"]!;
        Assert.Equal(TestEmulator.Hub1, (string?)again["currentIotHubHostName"]);
        Assert.Equal("kitchen-toaster-7", (string?)again["currentDeviceId"]);
    }

    [Fact]
    public async Task The_webhook_call_shows_in_the_request_log_and_on_the_dashboard_without_the_key()
    {
        await using var function = await SampleAllocationFunction.StartAsync();
        await using var emu = await StartAsync(function.Url());

        await ProvisionAsync(emu, "kitchen-toaster-7", ToasterPayload);

        var entry = Assert.Single(emu.Server.RequestLog.Snapshot(), e => e.Kind == RequestKind.Webhook);
        Assert.Equal("POST", entry.Method);
        Assert.Equal(200, entry.Status);
        Assert.Equal("kitchen-toaster-7", entry.RegistrationId);
        Assert.Equal(new Uri(function.BaseAddress, "api/allocate?code=***").ToString(), entry.Path);
        Assert.Equal("custom allocation: " + TestEmulator.Hub1, entry.Detail);
        using var dashboard = new DashboardClient(emu.Server);
        var state = await dashboard.StateAsync();
        var row = Assert.Single(state.GetProperty("requests").GetProperty("newest").EnumerateArray(), r => r.GetProperty("kind").GetString() == "webhook");
        Assert.Equal(entry.Path, row.GetProperty("path").GetString());
        Assert.DoesNotContain(SampleAllocationFunction.FunctionKey, state.GetRawText());
    }

    [Fact]
    public async Task An_individual_enrollment_put_through_the_service_API_allocates_over_an_https_webhook()
    {
        await using var function = await SampleAllocationFunction.StartAsync(https: true);
        await using var emu = await TestEmulator.StartAsync(o => o.WebhookTrustedCertificates = [function.Certificate!], fakeTime: false);
        var key = SymmetricKeys.GenerateKey();
        var (status, put, _) = await new ServiceClient(emu).PutAsync("/enrollments/bench-toaster-1", $$$"""
            {"registrationId":"bench-toaster-1","attestation":{"type":"symmetricKey","symmetricKey":{"primaryKey":"{{{key}}}"}},
             "allocationPolicy":"custom","iotHubs":["{{{TestEmulator.Hub1}}}","{{{TestEmulator.Hub2}}}"],
             "customAllocationDefinition":{"webhookUrl":"{{{function.Url()}}}","apiVersion":"2021-10-01"}}
            """);
        Assert.Equal(200, status);
        Assert.Equal("custom", put.GetProperty("allocationPolicy").GetString());

        var answer = await ProvisionAsync(emu, "bench-toaster-1", ToasterPayload, key);

        Assert.Equal(TestEmulator.Hub1, answer.GetProperty("registrationState").GetProperty("assignedHub").GetString());
        Assert.Equal("bench-toaster-1", (string?)Assert.Single(function.Requests).Body["individualEnrollment"]!["registrationId"]);
    }

    [Fact]
    public async Task An_https_webhook_whose_certificate_is_not_trusted_fails_the_registration()
    {
        await using var function = await SampleAllocationFunction.StartAsync(https: true);
        await using var emu = await StartAsync(function.Url());

        var state = await FailedStateAsync(emu, "kitchen-toaster-7");

        Assert.Contains("could not be reached", state.GetProperty("errorMessage").GetString());
        Assert.Empty(function.Requests);
    }

    [Fact]
    public async Task A_custom_group_in_enrollments_json_is_loaded_and_one_without_a_webhook_is_refused()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "enrollments.json");
        File.WriteAllText(file, $$"""
            { "enrollmentGroups": [ { "enrollmentGroupId": "toasters", "primaryKey": "{{SymmetricKeys.GenerateKey()}}", "allocationPolicy": "custom",
                "iotHubs": [ "hub-1.dps-emulator.local" ],
                "customAllocationDefinition": { "webhookUrl": "http://localhost:7071/api/allocate?code=abc", "apiVersion": "2021-10-01" } } ] }
            """);
        await using (var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path }))
        {
            var group = Assert.Single(server.Enrollments.Groups);
            Assert.Equal(AllocationPolicy.Custom, group.AllocationPolicy);
            Assert.Equal("http://localhost:7071/api/allocate?code=abc", CustomAllocationDefinition.Parse(group.CustomAllocationDefinitionJson)!.WebhookUrl.ToString());
        }

        using var other = new TempFolder();
        File.WriteAllText(Path.Combine(other.Path, "enrollments.json"), """
            { "enrollmentGroups": [ { "enrollmentGroupId": "toasters", "primaryKey": "AAAAAAAAAAAAAAAAAAAAAA==", "allocationPolicy": "custom", "iotHubs": [] } ] }
            """);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = other.Path }));
        Assert.Contains("customAllocationDefinition.webhookUrl", error.Message);
    }

    [Theory]
    [InlineData("""{"allocationPolicy":"custom"}""")]
    [InlineData("""{"allocationPolicy":"custom","customAllocationDefinition":{"webhookUrl":"ftp://example/allocate"}}""")]
    [InlineData("""{"allocationPolicy":"custom","customAllocationDefinition":{"webhookUrl":"/api/allocate"}}""")]
    public async Task The_service_API_refuses_a_custom_enrollment_without_a_usable_webhookUrl(string fields)
    {
        await using var emu = await TestEmulator.StartAsync();
        var body = fields.Insert(1, "\"enrollmentGroupId\":\"g-1\",\"attestation\":{\"type\":\"symmetricKey\"},");

        var (status, error, _) = await new ServiceClient(emu).PutAsync("/enrollmentGroups/g-1", body);

        Assert.Equal(400, status);
        Assert.Contains("customAllocationDefinition.webhookUrl", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("fail", "the webhook answered HTTP 500.")]
    [InlineData("garbage", "the webhook's answer is not JSON.")]
    [InlineData("elsewhere", "the webhook picked hub-9.elsewhere.example, which is not a linked hub (hub-1.dps-emulator.local, hub-2.dps-emulator.local).")]
    public async Task A_webhook_that_fails_answers_garbage_or_picks_a_hub_not_linked_fails_the_registration_with_400207(string route, string reason)
    {
        await using var function = await SampleAllocationFunction.StartAsync();
        await using var emu = await StartAsync(function.Url(route));

        var state = await FailedStateAsync(emu, "kitchen-toaster-7");

        Assert.Equal("Custom allocation failed: " + reason, state.GetProperty("errorMessage").GetString());
        Assert.Single(function.Requests);
        Assert.Null(emu.Server.GetRegistration("kitchen-toaster-7"));
        Assert.Equal("custom allocation failed: " + reason, Assert.Single(emu.Server.RequestLog.Snapshot(), e => e.Kind == RequestKind.Webhook).Detail);
    }

    [Fact]
    public async Task A_webhook_that_refuses_the_device_or_the_key_fails_the_registration()
    {
        await using var function = await SampleAllocationFunction.StartAsync();
        await using var emu = await StartAsync(function.Url(key: "wrong-key"));

        Assert.Equal("Custom allocation failed: the webhook answered HTTP 401.", (await FailedStateAsync(emu, "kitchen-toaster-7")).GetProperty("errorMessage").GetString());
        Assert.Equal(401, Assert.Single(emu.Server.RequestLog.Snapshot(), e => e.Kind == RequestKind.Webhook).Status);
    }

    [Fact]
    public async Task A_device_the_sample_function_does_not_recognise_fails_with_its_400()
    {
        await using var function = await SampleAllocationFunction.StartAsync();
        await using var emu = await StartAsync(function.Url());

        var state = await FailedStateAsync(emu, "garage-door-1");

        Assert.Equal("Custom allocation failed: the webhook answered HTTP 400.", state.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task A_slow_webhook_keeps_the_operation_assigning_then_fails_it_at_the_timeout()
    {
        await using var function = await SampleAllocationFunction.StartAsync();
        await using var emu = await StartAsync(function.Url("slow"), TimeSpan.FromSeconds(1.5));
        var token = emu.Token("kitchen-toaster-7");
        using var register = await emu.RegisterAsync("kitchen-toaster-7", token);
        var operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;

        using var early = await emu.PollAsync("kitchen-toaster-7", operationId, token);
        Assert.Equal(HttpStatusCode.Accepted, early.StatusCode);
        Assert.Equal("assigning", (await TestEmulator.Json(early)).GetProperty("status").GetString());

        var state = await FailedStateAsync(emu, "kitchen-toaster-7", operationId, token);
        Assert.Equal("Custom allocation failed: the webhook did not answer within 1.5 s.", state.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task A_webhook_nobody_listens_on_fails_the_registration()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var emu = await StartAsync($"http://127.0.0.1:{port}/api/allocate?code=abc");

        var state = await FailedStateAsync(emu, "kitchen-toaster-7");

        Assert.StartsWith("Custom allocation failed: the webhook could not be reached", state.GetProperty("errorMessage").GetString());
        Assert.Equal(0, Assert.Single(emu.Server.RequestLog.Snapshot(), e => e.Kind == RequestKind.Webhook).Status);
        Assert.DoesNotContain("code=abc", Assert.Single(emu.Server.RequestLog.Snapshot(), e => e.Kind == RequestKind.Webhook).Path);
    }

    [Fact]
    public async Task The_command_line_sets_the_webhook_timeout_and_the_certificates_an_https_webhook_may_chain_to()
    {
        await using var function = await SampleAllocationFunction.StartAsync(https: true);
        using var folder = new TempFolder();
        var pem = Path.Combine(folder.Path, "webhook.pem");
        File.WriteAllText(pem, function.Certificate!.ExportCertificatePem());

        var (options, _, error) = CommandLine.Parse(["--webhook-timeout", "2.5", "--webhook-ca", pem]);

        Assert.Null(error);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options!.CustomAllocationTimeout);
        Assert.Equal(function.Certificate.Thumbprint, Assert.Single(options.WebhookTrustedCertificates).Thumbprint);
        Assert.Equal(TimeSpan.FromSeconds(30), CommandLine.Parse([]).Options!.CustomAllocationTimeout);
        Assert.Equal("error: --webhook-timeout must be a number of seconds above 0 and up to 3600, like 30 or 2.5 (got '0').", CommandLine.Parse(["--webhook-timeout", "0"]).Error);
        Assert.Equal("error: --webhook-ca must name a PEM file that exists (got 'missing.pem').", CommandLine.Parse(["--webhook-ca", "missing.pem"]).Error);
    }

    /// <summary>An emulator (real clock) with group "custom-1" allocating by <paramref name="webhookUrl"/> over hub-1 and hub-2.</summary>
    internal static async Task<TestEmulator> StartAsync(string webhookUrl, TimeSpan? timeout = null)
    {
        var emu = await TestEmulator.StartAsync(o => o.CustomAllocationTimeout = timeout ?? TimeSpan.FromSeconds(10), fakeTime: false, addGroup: false);
        await emu.Server.Enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup
        {
            EnrollmentGroupId = "custom-1",
            PrimaryKey = emu.GroupKey,
            IotHubs = [TestEmulator.Hub1, TestEmulator.Hub2],
            AllocationPolicy = AllocationPolicy.Custom,
            CustomAllocationDefinitionJson = new JsonObject { ["webhookUrl"] = webhookUrl, ["apiVersion"] = "2021-10-01" }.ToJsonString(),
        });
        return emu;
    }

    /// <summary>Register (with the device's payload), then poll every 250 ms (the webhook runs in real time) until terminal.</summary>
    internal static async Task<JsonElement> ProvisionAsync(TestEmulator emu, string registrationId, string? payload, string? key = null)
    {
        var token = emu.Token(registrationId, key);
        var body = payload is null ? null : $$"""{"registrationId":"{{registrationId}}","payload":{{payload}}}""";
        using var register = await emu.RegisterAsync(registrationId, token, body);
        Assert.Equal(HttpStatusCode.Accepted, register.StatusCode);
        var operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;
        return await PollUntilDoneAsync(emu, registrationId, operationId, token);
    }

    private static async Task<JsonElement> FailedStateAsync(TestEmulator emu, string registrationId, string? operationId = null, string? token = null)
    {
        var answer = operationId is null ? await ProvisionAsync(emu, registrationId, ToasterPayload) : await PollUntilDoneAsync(emu, registrationId, operationId, token!);
        Assert.Equal("failed", answer.GetProperty("status").GetString());
        var state = answer.GetProperty("registrationState");
        Assert.Equal("failed", state.GetProperty("status").GetString());
        Assert.Equal(400207, state.GetProperty("errorCode").GetInt32());
        Assert.False(state.TryGetProperty("assignedHub", out _));
        return state;
    }

    private static async Task<JsonElement> PollUntilDoneAsync(TestEmulator emu, string registrationId, string operationId, string token)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            using var poll = await emu.PollAsync(registrationId, operationId, token);
            var answer = await TestEmulator.Json(poll);
            if (poll.StatusCode == HttpStatusCode.OK)
            {
                return answer;
            }

            if (poll.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // DPS allows 5 polls per 10 s per device: wait as a device would.
                await Task.Delay(TimeSpan.FromSeconds(TestEmulator.RetryAfter(poll) ?? 1));
                continue;
            }

            Assert.Equal(HttpStatusCode.Accepted, poll.StatusCode);
            await Task.Delay(250);
        }

        throw new Xunit.Sdk.XunitException("still assigning after 20 s");
    }
}
