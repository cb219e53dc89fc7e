using System.Net;
using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>Register, poll, status lookup: answers and JSON as DPS sends them.</summary>
public sealed class RegistrationFlowTests
{
    [Fact]
    public async Task Register_answers_202_with_retry_after_and_assigning_operation()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.RegisterAsync("device-1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, TestEmulator.RetryAfter(response));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await TestEmulator.Json(response);
        Assert.Equal(["operationId", "status"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("assigning", body.GetProperty("status").GetString());
        Assert.Matches(@"^[0-9]\.[0-9a-f]{16}\.[0-9a-f-]{36}$", body.GetProperty("operationId").GetString());
    }

    [Fact]
    public async Task Real_time_flow_is_assigning_until_the_delay_passed_then_assigned_with_the_full_registration_state()
    {
        await using var emu = await TestEmulator.StartAsync(
            o =>
            {
                o.AssignmentDelay = TimeSpan.FromSeconds(1.5);
                o.RetryAfterSeconds = 2;
            },
            fakeTime: false);
        var token = emu.Token("real-time-1");
        var before = DateTimeOffset.UtcNow;

        using var register = await emu.RegisterAsync("real-time-1", token, """{"registrationId":"real-time-1","payload":{"modelId":"dtmi:x;1","fw":"1.2.3"}}""");
        var operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;
        using var early = await emu.PollAsync("real-time-1", operationId, token);
        Assert.Equal(HttpStatusCode.Accepted, early.StatusCode);
        Assert.Equal(2, TestEmulator.RetryAfter(early));
        Assert.Equal("assigning", (await TestEmulator.Json(early)).GetProperty("status").GetString());

        await Task.Delay(TimeSpan.FromSeconds(TestEmulator.RetryAfter(early)!.Value));
        using var done = await emu.PollAsync("real-time-1", operationId, token);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Null(done.Headers.RetryAfter);
        var body = await TestEmulator.Json(done);
        Assert.Equal(["operationId", "status", "registrationState"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(operationId, body.GetProperty("operationId").GetString());
        Assert.Equal("assigned", body.GetProperty("status").GetString());
        var state = body.GetProperty("registrationState");
        Assert.Equal(
            ["registrationId", "createdDateTimeUtc", "assignedHub", "deviceId", "status", "substatus", "lastUpdatedDateTimeUtc", "etag", "payload"],
            state.EnumerateObject().Select(p => p.Name));
        Assert.Equal("real-time-1", state.GetProperty("registrationId").GetString());
        Assert.Equal("real-time-1", state.GetProperty("deviceId").GetString());
        Assert.Contains(state.GetProperty("assignedHub").GetString(), new[] { TestEmulator.Hub1, TestEmulator.Hub2 });
        Assert.Equal("assigned", state.GetProperty("status").GetString());
        Assert.Equal("initialAssignment", state.GetProperty("substatus").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", state.GetProperty("createdDateTimeUtc").GetString());
        var created = state.GetProperty("createdDateTimeUtc").GetDateTimeOffset();
        Assert.InRange(created, before.AddSeconds(1.5), DateTimeOffset.UtcNow);
        Assert.False(string.IsNullOrEmpty(state.GetProperty("etag").GetString()));
        Assert.Equal("dtmi:x;1", state.GetProperty("payload").GetProperty("modelId").GetString());
        Assert.Equal("1.2.3", state.GetProperty("payload").GetProperty("fw").GetString());
    }

    [Fact]
    public async Task Without_payload_the_state_has_no_payload_property()
    {
        await using var emu = await TestEmulator.StartAsync();
        var result = await emu.ProvisionAsync("no-payload");
        Assert.False(result.GetProperty("registrationState").TryGetProperty("payload", out _));
    }

    [Theory]
    [InlineData("2019-03-31")]
    [InlineData("2021-06-01")]
    [InlineData("2021-10-01")]
    [InlineData("2026-04-01")]
    public async Task Every_documented_api_version_is_accepted(string apiVersion)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync("api-" + apiVersion, apiVersion: apiVersion);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("2018-11-01")]
    [InlineData("2021-10-01-preview")]
    [InlineData("")]
    public async Task Unknown_api_version_is_400_with_a_dps_error_body(string apiVersion)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync("device-1", apiVersion: apiVersion);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await TestEmulator.Json(response);
        Assert.Equal(DpsErrorCodes.InvalidApiVersion, body.GetProperty("errorCode").GetInt32());
    }

    [Fact]
    public async Task Missing_api_version_is_400()
    {
        await using var emu = await TestEmulator.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Put, $"{emu.IdScope}/registrations/device-1/register")
        {
            Content = new StringContent("""{"registrationId":"device-1"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", emu.Token("device-1"));
        using var response = await emu.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Body_registration_id_different_from_path_is_400()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync("device-1", body: """{"registrationId":"device-2"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(DpsErrorCodes.RegistrationIdMismatch, (await TestEmulator.Json(response)).GetProperty("errorCode").GetInt32());
    }

    [Fact]
    public async Task Body_registration_id_differing_only_in_case_is_accepted()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync("device-1", body: """{"registrationId":"DEVICE-1"}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"registrationId":42}""")]
    [InlineData("""{"registrationId":"device-1","payload":"text"}""")]
    [InlineData("")]
    public async Task Bad_register_bodies_are_400(string body)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync("device-1", body: body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var code = (await TestEmulator.Json(response)).GetProperty("errorCode").GetInt32();
        Assert.Equal(400, code / 1000);
    }

    [Fact]
    public async Task Register_body_over_64_KiB_is_413()
    {
        await using var emu = await TestEmulator.StartAsync();
        var padding = new string('a', 64 * 1024);
        using var response = await emu.RegisterAsync("device-1", body: "{\"registrationId\":\"device-1\",\"payload\":{\"pad\":\"" + padding + "\"}}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Register_body_that_is_not_json_content_is_415()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync("device-1", contentType: "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    [InlineData("slash%2Finside")]
    public async Task Invalid_registration_ids_are_400(string registrationId)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync(registrationId);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_operation_is_404_and_another_devices_operation_too()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var register = await emu.RegisterAsync("owner-1");
        var operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;

        using var unknown = await emu.PollAsync("owner-1", "1.0000000000000000.00000000-0000-0000-0000-000000000000");
        using var foreign = await emu.PollAsync("other-1", operationId);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(DpsErrorCodes.OperationNotFound, (await TestEmulator.Json(unknown)).GetProperty("errorCode").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task Wrong_method_is_405_and_unknown_path_404()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var wrongMethod = await emu.Http.GetAsync($"{emu.IdScope}/registrations/device-1/register?api-version=2021-10-01");
        using var unknown = await emu.Http.GetAsync("nothing/here");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Contains("PUT", wrongMethod.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Re_registration_keeps_the_assignment_and_echoes_the_new_payload()
    {
        await using var emu = await TestEmulator.StartAsync();
        var first = (await emu.ProvisionAsync("again-1", body: """{"registrationId":"again-1","payload":{"v":1}}""")).GetProperty("registrationState");
        emu.Time!.Advance(TimeSpan.FromMinutes(5));

        var second = (await emu.ProvisionAsync("again-1", body: """{"registrationId":"again-1","payload":{"v":2}}""")).GetProperty("registrationState");

        Assert.Equal(first.GetProperty("assignedHub").GetString(), second.GetProperty("assignedHub").GetString());
        Assert.Equal(first.GetProperty("deviceId").GetString(), second.GetProperty("deviceId").GetString());
        Assert.Equal(first.GetProperty("createdDateTimeUtc").GetString(), second.GetProperty("createdDateTimeUtc").GetString());
        Assert.Equal("initialAssignment", second.GetProperty("substatus").GetString());
        Assert.NotEqual(first.GetProperty("etag").GetString(), second.GetProperty("etag").GetString());
        Assert.True(second.GetProperty("lastUpdatedDateTimeUtc").GetDateTimeOffset() > first.GetProperty("lastUpdatedDateTimeUtc").GetDateTimeOffset());
        Assert.Equal(2, second.GetProperty("payload").GetProperty("v").GetInt32());
    }

    [Fact]
    public async Task Status_lookup_is_unassigned_then_assigning_then_the_registration_state()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.AssignmentDelay = TimeSpan.FromSeconds(2));

        using var before = await emu.StatusAsync("lookup-1");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal("unassigned", (await TestEmulator.Json(before)).GetProperty("status").GetString());

        using var register = await emu.RegisterAsync("lookup-1");
        using var during = await emu.StatusAsync("lookup-1", body: """{"registrationId":"lookup-1"}""");
        Assert.Equal("assigning", (await TestEmulator.Json(during)).GetProperty("status").GetString());

        emu.Time!.Advance(TimeSpan.FromSeconds(2));
        using var after = await emu.StatusAsync("lookup-1");
        var state = await TestEmulator.Json(after);
        Assert.Equal("assigned", state.GetProperty("status").GetString());
        Assert.Equal("lookup-1", state.GetProperty("registrationId").GetString());
        Assert.Equal(emu.Server.GetRegistration("lookup-1")!.AssignedHub, state.GetProperty("assignedHub").GetString());
    }

    [Fact]
    public async Task Status_lookup_with_mismatching_body_is_400_and_without_token_401()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var mismatch = await emu.StatusAsync("lookup-2", body: """{"registrationId":"someone-else"}""");
        using var anonymous = await emu.StatusAsync("lookup-2", authorization: string.Empty);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Error_bodies_have_a_six_digit_code_tracking_id_message_and_timestamp()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync("device-1", authorization: "SharedAccessSignature sr=x&sig=y&se=1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await TestEmulator.Json(response);
        Assert.Equal(["errorCode", "trackingId", "message", "timestampUtc"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(401002, body.GetProperty("errorCode").GetInt32());
        Assert.True(Guid.TryParse(body.GetProperty("trackingId").GetString(), out _));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.Equal(JsonValueKind.String, body.GetProperty("timestampUtc").ValueKind);
        Assert.InRange(body.GetProperty("timestampUtc").GetDateTimeOffset(), emu.Now.AddSeconds(-1), emu.Now.AddSeconds(1));
    }
}
