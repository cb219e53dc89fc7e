using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// The dashboard's page, its state document, its live feed and the emulator API (fault switch,
/// enabling and disabling enrollments), over real HTTPS; on loopback, where it is open.
/// </summary>
public sealed partial class DashboardTests
{
    [Fact]
    public async Task The_page_state_and_feed_show_what_happened_and_never_a_key_signature_or_token()
    {
        await using var emu = await TestEmulator.StartAsync();
        var soloKey = SymmetricKeys.GenerateKey();
        var soloSecondary = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment
        {
            RegistrationId = "solo-1", DeviceId = "solo-device", PrimaryKey = soloKey, SecondaryKey = soloSecondary,
            IotHubs = ["hub-3.dps-emulator.local"], AllocationPolicy = AllocationPolicy.Static,
        });
        var state1 = (await emu.ProvisionAsync("dash-1")).GetProperty("registrationState");
        await emu.ProvisionAsync("solo-1", key: soloKey);
        var hub = state1.GetProperty("assignedHub").GetString()!;
        var hubToken = await DeviceCalls.SendToHubAsync(emu, hub, "dash-1", emu.DeviceKey("dash-1"), "{\"temperature\":21.5}");

        // A token signed with the group key itself (refused): its signature must not show either.
        var wrongToken = emu.Token("dash-2", key: emu.GroupKey);
        using (var refused = await emu.RegisterAsync("dash-2", wrongToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var client = new DashboardClient(emu.Server);
        using var feed = await client.OpenFeedAsync();
        Assert.Equal("text/event-stream", feed.Response.Content.Headers.ContentType?.MediaType);
        var (name, fed) = await feed.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("state", name);
        using var page = await client.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();
        using var script = await client.GetAsync("dashboard/dashboard.js");
        var js = await script.Content.ReadAsStringAsync();
        var state = await client.StateAsync();

        // What happened is there.
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("id=\"registrations\"", html);
        Assert.Contains("new EventSource('/emulator/events')", js);
        Assert.Equal(emu.IdScope, state.GetProperty("idScope").GetString());
        Assert.False(state.GetProperty("signInRequired").GetBoolean());
        var group = Assert.Single(state.GetProperty("enrollments").GetProperty("groups").EnumerateArray());
        Assert.Equal(("group-1", "enabled", "hashed"), (group.Str("enrollmentGroupId"), group.Str("provisioningStatus"), group.Str("allocationPolicy")));
        var individual = Assert.Single(state.GetProperty("enrollments").GetProperty("individuals").EnumerateArray());
        Assert.Equal(("solo-1", "solo-device", "static"), (individual.Str("registrationId"), individual.Str("deviceId"), individual.Str("allocationPolicy")));
        var registrations = state.GetProperty("registrations");
        Assert.Equal(2, registrations.GetProperty("total").GetInt32());
        var dash1 = registrations.GetProperty("newest").EnumerateArray().Single(r => r.Str("registrationId") == "dash-1");
        Assert.Equal((hub, "assigned", "group-1"), (dash1.Str("assignedHub"), dash1.Str("status"), dash1.Str("enrollmentGroupId")));
        var requests = state.GetProperty("requests").GetProperty("newest").EnumerateArray().ToList();
        Assert.Equal("dash-2", requests[0].Str("registrationId")); // newest first
        Assert.Equal(401, requests[0].GetProperty("status").GetInt32());
        Assert.Contains("GROUP key", requests[0].Str("detail"));
        Assert.Contains(requests, r => r.Str("kind") == "poll" && r.Str("detail") == "assigned to " + hub);
        var device = Assert.Single(state.GetProperty("hubMessages").GetProperty("devices").EnumerateArray());
        Assert.Equal(("dash-1", hub, 1, "{\"temperature\":21.5}"), (device.Str("deviceId"), device.Str("iotHub"), device.GetProperty("count").GetInt32(), device.Str("lastBody")));
        var quotas = state.GetProperty("quotas").GetProperty("registrations");
        Assert.Equal((3, 2, 1000), (quotas.GetProperty("lastMinute").GetInt32(), quotas.GetProperty("acceptedLastMinute").GetInt32(), quotas.GetProperty("perMinute").GetInt32()));

        // No secret anywhere: keys, derived keys, tokens, signatures (as sent and url-encoded), the service key.
        var serviceKey = ServiceKeyOf(emu.Server.DataFolder);
        string[] secrets =
        [
            emu.GroupKey, emu.Server.Enrollments.Groups[0].SecondaryKey!, soloKey, soloSecondary, emu.DeviceKey("dash-1"), emu.DeviceKey("dash-2"),
            hubToken, Sas.SignatureOf(hubToken), Uri.EscapeDataString(Sas.SignatureOf(hubToken)),
            wrongToken, Sas.SignatureOf(wrongToken), Uri.EscapeDataString(Sas.SignatureOf(wrongToken)),
            serviceKey, Uri.EscapeDataString(serviceKey),
        ];
        var everything = html + js + state.GetRawText() + fed;
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, everything);
        }

    }

    [Fact]
    public async Task The_feed_pushes_a_new_registration_without_being_asked()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var client = new DashboardClient(emu.Server);
        using var feed = await client.OpenFeedAsync();
        var before = await feed.WaitForAsync(_ => true, TimeSpan.FromSeconds(10));
        Assert.Equal(0, before.GetProperty("registrations").GetProperty("total").GetInt32());

        await emu.ProvisionAsync("pushed-1");

        var after = await feed.WaitForAsync(s => s.GetProperty("registrations").GetProperty("total").GetInt32() == 1, TimeSpan.FromSeconds(10));
        Assert.Equal("pushed-1", after.GetProperty("registrations").GetProperty("newest")[0].Str("registrationId"));
    }

    [Fact]
    public async Task A_deleted_registration_leaves_the_page_and_its_total_and_the_feed_pushes_that_at_once()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ProvisionAsync("kept-1");
        await emu.ProvisionAsync("gone-1");
        using var client = new DashboardClient(emu.Server);
        using var feed = await client.OpenFeedAsync();
        var before = await feed.WaitForAsync(_ => true, TimeSpan.FromSeconds(10));
        Assert.Equal(2, before.GetProperty("registrations").GetProperty("total").GetInt32());

        Assert.Equal(204, (await new ServiceClient(emu).DeleteAsync("/registrations/gone-1")).Status);

        // Sooner than the feed's refresh: the change shows at the feed's next look.
        var pushed = await feed.WaitForAsync(s => s.GetProperty("registrations").GetProperty("total").GetInt32() == 1, DashboardEndpoints.FeedRefresh - TimeSpan.FromSeconds(1));
        var state = await client.StateAsync();
        foreach (var registrations in new[] { pushed.GetProperty("registrations"), state.GetProperty("registrations") })
        {
            Assert.Equal(1, registrations.GetProperty("total").GetInt32());
            Assert.Equal(["kept-1"], registrations.GetProperty("newest").EnumerateArray().Select(r => r.Str("registrationId")));
        }
    }

    [Fact]
    public async Task Switching_the_fault_profile_through_the_api_applies_to_the_next_request_as_preview_predicts()
    {
        // Started with a profile that draws for every request (slow, by a millisecond), so the generator has moved on.
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.Faults = FaultProfile.Slow with { SlowRate = 1, SlowDelayMin = TimeSpan.Zero, SlowDelayMax = TimeSpan.FromMilliseconds(1) };
            o.FaultSeed = 5;
        });
        using var client = new DashboardClient(emu.Server);
        // A seed whose first draw is a server error; the switch restarts the sequence from it, as Preview says.
        var seed = Enumerable.Range(0, 1000).First(s => FaultProfile.ServerErrors.Preview(s, 1)[0] is FaultKind.InternalServerError or FaultKind.ServiceUnavailable);
        var expected = FaultProfile.ServerErrors.Preview(seed, 6);
        await emu.ProvisionAsync("before-switch");

        using (var switched = await client.SetFaultsAsync($"{{\"profile\":\"server-errors\",\"seed\":{seed}}}"))
        {
            Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
            var answer = await TestEmulator.Json(switched);
            Assert.Equal(("server-errors", seed), (answer.Str("profile"), answer.GetProperty("seed").GetInt32()));
        }

        Assert.Equal(("server-errors", seed), (emu.Server.CurrentFaults.Profile.Name, emu.Server.CurrentFaults.Seed));
        var seen = new List<FaultKind>();
        for (var i = 0; i < expected.Count; i++)
        {
            using var response = await emu.RegisterAsync($"after-switch-{i}");
            seen.Add((int)response.StatusCode switch
            {
                500 => FaultKind.InternalServerError,
                503 => FaultKind.ServiceUnavailable,
                202 => FaultKind.None,
                var other => throw new Xunit.Sdk.XunitException($"unexpected {other}"),
            });
        }

        Assert.Equal(expected, seen);
        var state = await client.StateAsync();
        Assert.Equal("server-errors", state.GetProperty("faults").Str("profile"));
        var newest = state.GetProperty("requests").GetProperty("newest");
        Assert.StartsWith("server-error-", newest[expected.Count - 1].Str("fault")); // the first request after the switch

        using (var off = await client.SetFaultsAsync("{\"profile\":\"none\"}"))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
            Assert.Equal(seed, (await TestEmulator.Json(off)).GetProperty("seed").GetInt32()); // the seed in force is kept
        }

        using var clean = await emu.RegisterAsync("after-off");
        Assert.Equal(HttpStatusCode.Accepted, clean.StatusCode);
    }

    [Fact]
    public async Task Disabling_an_enrollment_through_the_api_refuses_the_next_register_and_enabling_lets_it_in()
    {
        await using var emu = await TestEmulator.StartAsync();
        var soloKey = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment { RegistrationId = "solo-2", PrimaryKey = soloKey, IotHubs = [TestEmulator.Hub1] });
        using var client = new DashboardClient(emu.Server);

        using (var disabled = await client.SetGroupStatusAsync("group-1", "disabled"))
        {
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
            Assert.Equal("disabled", (await TestEmulator.Json(disabled)).Str("provisioningStatus"));
        }

        Assert.False(emu.Server.Enrollments.Groups.Single().Enabled);
        Assert.Equal("disabled", await DeviceCalls.RegisterOutcomeAsync(emu, "grouped-1"));
        Assert.Null(emu.Server.GetRegistration("grouped-1"));
        var state = await client.StateAsync();
        Assert.Equal("disabled", state.GetProperty("enrollments").GetProperty("groups")[0].Str("provisioningStatus"));
        Assert.Contains(state.GetProperty("requests").GetProperty("newest").EnumerateArray(), r => r.Str("registrationId") == "grouped-1" && r.Str("detail") == "disabled");

        using (var enabled = await client.SetGroupStatusAsync("group-1", "enabled"))
        {
            Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        }

        Assert.Equal("assigned", await DeviceCalls.RegisterOutcomeAsync(emu, "grouped-1"));

        using (var solo = await client.SendAsync(HttpMethod.Put, "emulator/individualEnrollments/solo-2/provisioningStatus", "{\"provisioningStatus\":\"disabled\"}"))
        {
            Assert.Equal(HttpStatusCode.OK, solo.StatusCode);
        }

        Assert.Equal("disabled", await DeviceCalls.RegisterOutcomeAsync(emu, "solo-2", soloKey));
        // Ids with a slash or a percent sign, escaped in the path, name the right enrollment.
        foreach (var id in new[] { "line/1", "100%" })
        {
            await emu.Server.Enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup { EnrollmentGroupId = id, PrimaryKey = SymmetricKeys.GenerateKey(), IotHubs = [TestEmulator.Hub1] });
            using var odd = await client.SetGroupStatusAsync(id, "disabled");
            Assert.Equal(HttpStatusCode.OK, odd.StatusCode);
            Assert.False(emu.Server.Enrollments.Groups.Single(g => g.EnrollmentGroupId == id).Enabled);
        }

        using var unknown = await client.SetGroupStatusAsync("no-such-group", "disabled");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("no enrollment group 'no-such-group'", (await TestEmulator.Json(unknown)).Str("error"));
    }

    [Theory]
    [InlineData("{\"profile\":\"storm\"}", 400, "profile must be one of none, throttle-storm, server-errors, connection-resets, slow, malformed, chaos (got 'storm')")]
    [InlineData("{\"seed\":3}", 400, "profile is required, e.g. {\"profile\":\"server-errors\",\"seed\":7}")]
    [InlineData("{\"profile\":\"chaos\",\"seed\":\"x\"}", 400, "seed must be a whole number (32-bit)")]
    [InlineData("{\"profile\":\"chaos\",\"rate\":1}", 400, "unknown property 'rate'; use profile, seed and applyToHub")]
    [InlineData("[1]", 400, "the body must be a JSON object")]
    [InlineData("{", 400, "the body must be a JSON object")]
    public async Task A_bad_fault_switch_is_refused_naming_the_field_and_changes_nothing(string body, int status, string error)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var client = new DashboardClient(emu.Server);
        using var response = await client.SetFaultsAsync(body);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, (await TestEmulator.Json(response)).Str("error"));
        Assert.Equal("none", emu.Server.CurrentFaults.Profile.Name);
    }

    [Fact]
    public async Task An_enrollment_shows_the_hubs_it_allocates_over_and_its_policy_as_the_service_api_names_it()
    {
        await using var emu = await TestEmulator.StartAsync(addGroup: false);
        var service = new ServiceClient(emu);
        await service.PutAsync("/enrollmentGroups/linked", """{"attestation":{"type":"symmetricKey"},"allocationPolicy":"geoLatency"}""");
        await service.PutAsync("/enrollmentGroups/single", """{"attestation":{"type":"symmetricKey"},"iotHubHostName":"single.dps-emulator.local"}""");

        using var client = new DashboardClient(emu.Server);
        var groups = (await client.StateAsync()).GetProperty("enrollments").GetProperty("groups").EnumerateArray()
            .ToDictionary(g => g.Str("enrollmentGroupId")!, g => (g.Str("allocationPolicy"), string.Join(" ", g.GetProperty("iotHubs").EnumerateArray().Select(h => h.GetString()))));

        Assert.Equal(("geoLatency", $"{TestEmulator.Hub1} {TestEmulator.Hub2}"), groups["linked"]);
        Assert.Equal(("static", "single.dps-emulator.local"), groups["single"]);
        Assert.Equal("single.dps-emulator.local", (await emu.ProvisionAsync("single-dev", Sas.DeriveKey(
            (await service.PostAsync("/enrollmentGroups/single/attestationmechanism")).Body.GetProperty("symmetricKey").GetProperty("primaryKey").GetString()!, "single-dev")))
            .GetProperty("registrationState").GetProperty("assignedHub").GetString());
    }

    [Fact]
    public async Task Service_api_calls_show_in_the_operations_quota_they_spend()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Quotas = new QuotaOptions { OperationsPerMinute = 60, OperationBurst = 3 });
        var service = new ServiceClient(emu);
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await service.GetAsync("/enrollmentGroups/group-1")).Status);
        }

        using var client = new DashboardClient(emu.Server);
        var operations = (await client.StateAsync()).GetProperty("quotas").GetProperty("operations");

        Assert.Equal([200, 200, 200, 429], statuses);
        Assert.Equal(
            (4, 3, 1, 0),
            (operations.GetProperty("lastMinute").GetInt32(), operations.GetProperty("acceptedLastMinute").GetInt32(),
                operations.GetProperty("throttledLastMinute").GetInt32(), operations.GetProperty("available").GetInt32()));
    }

    [Fact]
    public async Task A_change_over_4_KB_is_refused_with_413_and_changes_nothing()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var client = new DashboardClient(emu.Server);
        using var response = await client.SetFaultsAsync("{\"profile\":\"chaos\",\"pad\":\"" + new string('x', 4096) + "\"}");
        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("the body must be at most 4096 bytes", (await TestEmulator.Json(response)).Str("error"));
        Assert.Equal("none", emu.Server.CurrentFaults.Profile.Name);
    }

    [Fact]
    public async Task Cross_site_and_non_json_changes_are_refused_on_loopback_too()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var client = new DashboardClient(emu.Server);
        var body = "{\"profile\":\"chaos\"}";

        // What a form on another site can send: no JSON content type.
        using (var form = await client.SendAsync(HttpMethod.Put, "emulator/faults", "profile=chaos", "application/x-www-form-urlencoded"))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        }

        using (var foreign = await client.SendAsync(HttpMethod.Put, "emulator/faults", body, headers: new Dictionary<string, string> { ["Origin"] = "https://evil.example" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        }

        using (var crossSite = await client.SendAsync(HttpMethod.Put, "emulator/faults", body, headers: new Dictionary<string, string> { ["Sec-Fetch-Site"] = "cross-site" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        }

        using (var wrongMethod = await client.SendAsync(HttpMethod.Delete, "emulator/faults"))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
            Assert.Equal("GET, PUT", string.Join(", ", wrongMethod.Content.Headers.Allow));
        }

        Assert.Equal("none", emu.Server.CurrentFaults.Profile.Name);

        // The same origin, as the page sends it, goes through.
        using var same = await client.SendAsync(HttpMethod.Put, "emulator/faults", body, headers: new Dictionary<string, string>
        {
            ["Origin"] = $"https://127.0.0.1:{emu.Server.Port}",
            ["Sec-Fetch-Site"] = "same-origin",
        });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal("chaos", emu.Server.CurrentFaults.Profile.Name);
    }

    [Fact]
    public async Task Dashboard_requests_stay_out_of_the_request_log_and_the_dps_paths_are_untouched()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var client = new DashboardClient(emu.Server);
        await client.StateAsync();
        using (await client.GetAsync("/"))
        using (await client.GetAsync("dashboard/dashboard.css"))
        using (var missing = await client.GetAsync("dashboard/nothing.js"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        Assert.Empty(emu.Server.RequestLog.Snapshot());

        // Other methods on / and unknown /emulator/ paths get the DPS endpoints' 404 body, and are logged as such.
        using var put = await client.SendAsync(HttpMethod.Put, "/", "{}");
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(DpsErrorCodes.NotFound, (await TestEmulator.Json(put)).GetProperty("errorCode").GetInt32());
        using var other = await client.GetAsync("emulator/unknown");
        Assert.Equal(DpsErrorCodes.NotFound, (await TestEmulator.Json(other)).GetProperty("errorCode").GetInt32());
        Assert.Equal(2, emu.Server.RequestLog.Snapshot().Count);

        // A hub's name is that hub only: no dashboard there.
        using var hubClient = new HttpClient(TrustedHttp.Handler(emu.Server.CaCertificatePath));
        using var hubRoot = await hubClient.GetAsync($"https://{TestEmulator.Hub1}:{emu.Server.Port}/");
        Assert.Equal(HttpStatusCode.NotFound, hubRoot.StatusCode);
        using var hubState = await hubClient.GetAsync($"https://{TestEmulator.Hub1}:{emu.Server.Port}/emulator/state");
        Assert.Equal(HttpStatusCode.NotFound, hubState.StatusCode);
        using var dpsRoot = await hubClient.GetAsync($"https://localhost:{emu.Server.Port}/");
        Assert.Equal(HttpStatusCode.OK, dpsRoot.StatusCode);
    }

    [Fact]
    public async Task Stopping_with_a_feed_open_ends_the_feed_instead_of_waiting_for_it()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var emu = await TestEmulator.StartAsync(o => o.LoggerFactory = loggerFactory);
        using var client = new DashboardClient(emu.Server);
        using var feed = await client.OpenFeedAsync();
        await feed.NextAsync(TimeSpan.FromSeconds(10));

        await emu.DisposeAsync();

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (true)
            {
                await feed.NextAsync(TimeSpan.FromSeconds(10));
            }
        });
        Assert.DoesNotContain("Some requests were still running", logs.Text);
    }

    /// <summary>The SharedAccessKey of the data folder's service connection string.</summary>
    internal static string ServiceKeyOf(string dataFolder)
    {
        var text = File.ReadAllText(Path.Combine(dataFolder, "service-connection-string.txt"));
        return KeyField().Match(text).Groups[1].Value;
    }

    [GeneratedRegex("SharedAccessKey=([A-Za-z0-9+/=]+)")]
    private static partial Regex KeyField();
}

/// <summary>Short JSON reads for the tests.</summary>
internal static class JsonElementExtensions
{
    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
