using System.Text;
using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>Individual enrollments and enrollment groups through the service API: shapes, keys, etags, errors.</summary>
public sealed class ServiceApiEnrollmentTests
{
    private const string MinimalIndividual = """{"registrationId":"dev-1","attestation":{"type":"symmetricKey"}}""";

    [Fact]
    public async Task Put_creates_an_individual_enrollment_with_generated_keys_and_the_service_defaults()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);

        var (status, e, response) = await client.PutAsync("/enrollments/dev-1", MinimalIndividual);

        Assert.Equal(200, status);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("dev-1", e.GetProperty("registrationId").GetString());
        var attestation = e.GetProperty("attestation");
        Assert.Equal("symmetricKey", attestation.GetProperty("type").GetString());
        Assert.Equal(64, Convert.FromBase64String(attestation.GetProperty("symmetricKey").GetProperty("primaryKey").GetString()!).Length);
        Assert.Equal(64, Convert.FromBase64String(attestation.GetProperty("symmetricKey").GetProperty("secondaryKey").GetString()!).Length);
        Assert.NotEqual(attestation.GetProperty("symmetricKey").GetProperty("primaryKey").GetString(), attestation.GetProperty("symmetricKey").GetProperty("secondaryKey").GetString());
        Assert.False(e.GetProperty("capabilities").GetProperty("iotEdge").GetBoolean());
        Assert.Equal("enabled", e.GetProperty("provisioningStatus").GetString());
        Assert.True(e.GetProperty("reprovisionPolicy").GetProperty("updateHubAssignment").GetBoolean());
        Assert.True(e.GetProperty("reprovisionPolicy").GetProperty("migrateDeviceData").GetBoolean());
        Assert.Equal("hashed", e.GetProperty("allocationPolicy").GetString());
        Assert.Equal(0, e.GetProperty("iotHubs").GetArrayLength());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", e.GetProperty("createdDateTimeUtc").GetString());
        Assert.Equal(e.GetProperty("createdDateTimeUtc").GetString(), e.GetProperty("lastUpdatedDateTimeUtc").GetString());
        Assert.StartsWith("\"", Encoding.UTF8.GetString(Convert.FromBase64String(e.GetProperty("etag").GetString()!)), StringComparison.Ordinal);
        Assert.False(e.TryGetProperty("deviceId", out _));
        Assert.Equal(
            ["registrationId", "attestation", "capabilities", "etag", "provisioningStatus", "reprovisionPolicy", "createdDateTimeUtc", "lastUpdatedDateTimeUtc", "allocationPolicy", "iotHubs"],
            e.EnumerateObject().Select(p => p.Name));

        // The enrollment is the emulator's at once.
        var stored = Assert.Single(emu.Server.Enrollments.Individuals);
        Assert.Equal(attestation.GetProperty("symmetricKey").GetProperty("primaryKey").GetString(), stored.PrimaryKey);
    }

    [Fact]
    public async Task Every_field_is_stored_and_echoed_and_get_hides_the_keys()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var primary = SymmetricKeys.GenerateKey(32);
        var secondary = SymmetricKeys.GenerateKey(16);
        var body = $$$"""
            {"registrationId":"Full-1","deviceId":"full-device","optionalDeviceInformation":{"tags":{"a":1}},
             "attestation":{"type":"SymmetricKey","symmetricKey":{"primaryKey":"{{{primary}}}","secondaryKey":"{{{secondary}}}"}},
             "capabilities":{"iotEdge":true},"initialTwin":{"tags":{"line":"a"},"properties":{"desired":{"interval":10} } },
             "provisioningStatus":"disabled","reprovisionPolicy":{"updateHubAssignment":false,"migrateDeviceData":false},
             "allocationPolicy":"geoLatency","iotHubs":["geo-a.dps-emulator.local","geo-b.dps-emulator.local"],
             "customAllocationDefinition":{"webhookUrl":"https://x.example/api","apiVersion":"2021-10-01"},
             "credentialPolicyName":"default","someFutureField":{"x":1}}
            """;

        var (status, put, _) = await client.PutAsync("/enrollments/full-1", body);
        var (getStatus, got, _) = await client.GetAsync("/enrollments/FULL-1");

        Assert.Equal(200, status);
        Assert.Equal(200, getStatus);
        foreach (var e in new[] { put, got })
        {
            Assert.Equal("Full-1", e.GetProperty("registrationId").GetString());
            Assert.Equal("full-device", e.GetProperty("deviceId").GetString());
            Assert.Equal(1, e.GetProperty("optionalDeviceInformation").GetProperty("tags").GetProperty("a").GetInt32());
            Assert.True(e.GetProperty("capabilities").GetProperty("iotEdge").GetBoolean());
            Assert.Equal(10, e.GetProperty("initialTwin").GetProperty("properties").GetProperty("desired").GetProperty("interval").GetInt32());
            Assert.Equal("disabled", e.GetProperty("provisioningStatus").GetString());
            Assert.False(e.GetProperty("reprovisionPolicy").GetProperty("updateHubAssignment").GetBoolean());
            Assert.False(e.GetProperty("reprovisionPolicy").GetProperty("migrateDeviceData").GetBoolean());
            Assert.Equal("geoLatency", e.GetProperty("allocationPolicy").GetString());
            Assert.Equal(["geo-a.dps-emulator.local", "geo-b.dps-emulator.local"], e.GetProperty("iotHubs").EnumerateArray().Select(h => h.GetString()));
            Assert.Equal("https://x.example/api", e.GetProperty("customAllocationDefinition").GetProperty("webhookUrl").GetString());
            Assert.Equal("default", e.GetProperty("credentialPolicyName").GetString());
            Assert.False(e.TryGetProperty("someFutureField", out _));
            Assert.Equal("symmetricKey", e.GetProperty("attestation").GetProperty("type").GetString());
        }

        Assert.Equal(primary, put.GetProperty("attestation").GetProperty("symmetricKey").GetProperty("primaryKey").GetString());
        Assert.Equal(secondary, put.GetProperty("attestation").GetProperty("symmetricKey").GetProperty("secondaryKey").GetString());
        Assert.Equal(JsonValueKind.Null, got.GetProperty("attestation").GetProperty("symmetricKey").GetProperty("primaryKey").ValueKind);
        Assert.Equal(JsonValueKind.Null, got.GetProperty("attestation").GetProperty("symmetricKey").GetProperty("secondaryKey").ValueKind);
        Assert.Equal(put.GetProperty("etag").GetString(), got.GetProperty("etag").GetString());
        Assert.DoesNotContain(primary, got.GetRawText());

        // The attestation mechanism gives the keys (POST, no body, no Content-Type, as Node sends it).
        using var attestation = await client.SendAsync(HttpMethod.Post, "/enrollments/full-1/attestationmechanism");
        var mechanism = await TestEmulator.Json(attestation);
        Assert.Equal(System.Net.HttpStatusCode.OK, attestation.StatusCode);
        Assert.Equal("symmetricKey", mechanism.GetProperty("type").GetString());
        Assert.Equal(primary, mechanism.GetProperty("symmetricKey").GetProperty("primaryKey").GetString());
        Assert.Equal(secondary, mechanism.GetProperty("symmetricKey").GetProperty("secondaryKey").GetString());
    }

    [Fact]
    public async Task Iot_hub_host_name_alone_means_static_allocation_to_that_hub_and_its_certificate_covers_it()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var key = SymmetricKeys.GenerateKey(32);

        var (_, e, _) = await client.PutAsync("/enrollments/single-1", $$$"""{"attestation":{"type":"symmetricKey","symmetricKey":{"primaryKey":"{{{key}}}"}},"iotHubHostName":"single.dps-emulator.local"}""");

        Assert.Equal("static", e.GetProperty("allocationPolicy").GetString());
        Assert.Equal("single.dps-emulator.local", e.GetProperty("iotHubHostName").GetString());
        var state = (await emu.ProvisionAsync("single-1", key: key)).GetProperty("registrationState");
        Assert.Equal("single.dps-emulator.local", state.GetProperty("assignedHub").GetString());
        var pem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(emu.Server.DataFolder, "server.pem")));
        Assert.Contains("single.dps-emulator.local", pem.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
    }

    [Fact]
    public async Task If_match_in_its_three_forms_replaces_and_a_stale_etag_gets_412()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var etag = (await client.PutAsync("/enrollments/dev-1", MinimalIndividual)).Body.GetProperty("etag").GetString()!;

        var (stale, staleBody, _) = await client.PutAsync("/enrollments/dev-1", MinimalIndividual, ifMatch: "IjAwMDAi");
        Assert.Equal(412, stale);
        Assert.Equal(412001, staleBody.GetProperty("errorCode").GetInt32());

        // Node sends the etag raw, C# in quotes (and W/ is dropped), the CLI '*'.
        foreach (var form in new Func<string, string>[] { t => t, t => $"\"{t}\"", t => $"W/\"{t}\", \"other\"", _ => "*" })
        {
            var (status, body, _) = await client.PutAsync("/enrollments/dev-1", MinimalIndividual, ifMatch: form(etag));
            Assert.Equal(200, status);
            Assert.NotEqual(etag, body.GetProperty("etag").GetString());
            etag = body.GetProperty("etag").GetString()!;
        }

        // If-Match on an enrollment that does not exist: 412 (RFC 7232), nothing created.
        var (missing, _, _) = await client.PutAsync("/enrollments/dev-2", """{"attestation":{"type":"symmetricKey"}}""", ifMatch: "*");
        Assert.Equal(412, missing);
        Assert.Equal(404, (await client.GetAsync("/enrollments/dev-2")).Status);
    }

    [Fact]
    public async Task Replace_keeps_created_and_changes_last_updated_and_etag_and_ignores_read_only_fields()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var created = (await client.PutAsync("/enrollmentGroups/grp-a", """{"enrollmentGroupId":"grp-a","attestation":{"type":"symmetricKey"}}""")).Body;
        emu.Time!.Advance(TimeSpan.FromMinutes(5));

        // The CLI PUTs back the whole GET record, read-only fields and all, with the keys from the attestation mechanism.
        var got = (await client.GetAsync("/enrollmentGroups/grp-a")).Body;
        var keys = (await client.PostAsync("/enrollmentgroups/grp-a/attestationmechanism")).Body;
        var record = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(got.GetRawText())!;
        record["attestation"] = keys;
        record["provisioningStatus"] = JsonDocument.Parse("\"disabled\"").RootElement;
        record["createdDateTimeUtc"] = JsonDocument.Parse("\"2001-01-01T00:00:00Z\"").RootElement;
        record["etag"] = JsonDocument.Parse("\"not-the-etag\"").RootElement;
        var (status, replaced, _) = await client.PutAsync("/enrollmentGroups/grp-a", JsonSerializer.Serialize(record), ifMatch: "*");

        Assert.Equal(200, status);
        Assert.Equal("disabled", replaced.GetProperty("provisioningStatus").GetString());
        Assert.Equal(created.GetProperty("createdDateTimeUtc").GetString(), replaced.GetProperty("createdDateTimeUtc").GetString());
        Assert.NotEqual(created.GetProperty("lastUpdatedDateTimeUtc").GetString(), replaced.GetProperty("lastUpdatedDateTimeUtc").GetString());
        Assert.NotEqual(created.GetProperty("etag").GetString(), replaced.GetProperty("etag").GetString());
        Assert.NotEqual("not-the-etag", replaced.GetProperty("etag").GetString());
        Assert.Equal(created.GetProperty("attestation").GetRawText(), replaced.GetProperty("attestation").GetRawText());
        Assert.False(Assert.Single(emu.Server.Enrollments.Groups, g => g.EnrollmentGroupId == "grp-a").Enabled);
    }

    [Fact]
    public async Task Delete_honours_if_match_and_then_the_enrollment_is_gone()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var etag = (await client.PutAsync("/enrollmentGroups/grp-d", """{"attestation":{"type":"symmetricKey"}}""")).Body.GetProperty("etag").GetString()!;

        Assert.Equal(412, (await client.DeleteAsync("/enrollmentGroups/grp-d", ifMatch: "IjEi")).Status);
        var (deleted, body, response) = await client.DeleteAsync("/enrollmentGroups/grp-d", ifMatch: etag);
        Assert.Equal(204, deleted);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
        Assert.Equal(JsonValueKind.Undefined, body.ValueKind);

        var (again, missing, _) = await client.DeleteAsync("/enrollmentGroups/grp-d", ifMatch: "*");
        Assert.Equal(404, again);
        Assert.Equal(404201, missing.GetProperty("errorCode").GetInt32());
        Assert.Equal(404201, (await client.GetAsync("/enrollmentGroups/grp-d")).Body.GetProperty("errorCode").GetInt32());
        Assert.Equal(404201, (await client.PostAsync("/enrollmentGroups/grp-d/attestationmechanism")).Body.GetProperty("errorCode").GetInt32());
        Assert.DoesNotContain(emu.Server.Enrollments.Groups, g => g.EnrollmentGroupId == "grp-d");
    }

    public static TheoryData<string, string, int, int, string> BadRequests => new()
    {
        { "/enrollments/dev-1", "", 400, 400003, "A JSON body is required" },
        { "/enrollments/dev-1", "[1]", 400, 400003, "The body must be a JSON object" },
        { "/enrollments/dev-1", "{\"attestation\":", 400, 400003, "not valid JSON" },
        { "/enrollments/dev-1", "{}", 400, 400003, "attestation is required" },
        { "/enrollments/dev-1", """{"attestation":{}}""", 400, 400003, "attestation.type is required" },
        { "/enrollments/dev-1", """{"attestation":{"type":"tpm","tpm":{"endorsementKey":"x"}}}""", 400, 400012, "attestation.type must be \"symmetricKey\" (got \"tpm\")" },
        { "/enrollments/dev-1", """{"attestation":{"type":"x509"}}""", 400, 400012, "symmetric-key attestation only" },
        { "/enrollments/dev-1", """{"attestation":{"type":"symmetricKey","symmetricKey":{"primaryKey":"c2hvcnQ="}}}""", 400, 400011, "attestation.symmetricKey.primaryKey must be base64 of 16 to 64 bytes" },
        { "/enrollments/dev-1", """{"attestation":{"type":"symmetricKey","symmetricKey":{"secondaryKey":"not base64!"}}}""", 400, 400011, "attestation.symmetricKey.secondaryKey" },
        { "/enrollments/dev-1", """{"registrationId":"dev-2","attestation":{"type":"symmetricKey"}}""", 400, 400004, "registrationId 'dev-2' of the body differs" },
        { "/enrollments/dev-1", """{"attestation":{"type":"symmetricKey"},"allocationPolicy":"custom"}""", 400, 400003, "allocationPolicy custom needs customAllocationDefinition.webhookUrl" },
        { "/enrollments/dev-1", """{"attestation":{"type":"symmetricKey"},"allocationPolicy":"random"}""", 400, 400003, "allocationPolicy must be hashed, geoLatency, static or custom" },
        { "/enrollments/dev-1", """{"attestation":{"type":"symmetricKey"},"allocationPolicy":"static","iotHubs":["a.example.com","b.example.com"]}""", 400, 400003, "exactly one hub" },
        { "/enrollments/dev-1", """{"attestation":{"type":"symmetricKey"},"iotHubs":["not a host"]}""", 400, 400003, "iotHubs[0] must be a DNS host name" },
        { "/enrollments/dev-1", """{"attestation":{"type":"symmetricKey"},"iotHubs":"hub"}""", 400, 400003, "iotHubs must be an array" },
        { "/enrollments/dev-1", """{"attestation":{"type":"symmetricKey"},"provisioningStatus":"on"}""", 400, 400003, "provisioningStatus must be" },
        { "/enrollments/dev-1", """{"attestation":{"type":"symmetricKey"},"capabilities":{"iotEdge":"yes"}}""", 400, 400003, "capabilities.iotEdge must be true or false" },
        { "/enrollments/dev-1", """{"attestation":{"type":"symmetricKey"},"initialTwin":"x"}""", 400, 400003, "initialTwin must be a JSON object" },
        { "/enrollments/dev-1", """{"attestation":{"type":"symmetricKey"},"deviceId":"-bad"}""", 400, 400003, "deviceId '-bad'" },
        { "/enrollments/-bad-", """{"attestation":{"type":"symmetricKey"}}""", 400, 400002, "registration id '-bad-' is not valid" },
        { "/enrollments/a%2Fb", """{"attestation":{"type":"symmetricKey"}}""", 400, 400002, "is not valid" },
        { "/enrollmentGroups/bad!group", """{"attestation":{"type":"symmetricKey"}}""", 400, 400010, "enrollment group id 'bad!group' is not valid" },
        { "/enrollmentGroups/grp-1", """{"enrollmentGroupId":"grp-2","attestation":{"type":"symmetricKey"}}""", 400, 400004, "enrollmentGroupId 'grp-2' of the body differs" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_bodies_and_ids_get_400_naming_the_field(string path, string body, int status, int errorCode, string message)
    {
        await using var emu = await TestEmulator.StartAsync();

        var (got, error, _) = await new ServiceClient(emu).PutAsync(path, body);

        Assert.Equal(status, got);
        Assert.Equal(errorCode, error.GetProperty("errorCode").GetInt32());
        Assert.Contains(message, error.GetProperty("message").GetString());
        Assert.Equal(["errorCode", "trackingId", "message", "timestampUtc"], error.EnumerateObject().Select(p => p.Name));
        Assert.Empty(emu.Server.Enrollments.Individuals);
    }

    [Fact]
    public async Task A_non_json_content_type_with_a_body_is_415_and_a_body_over_96_kb_is_413()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);

        using var text = await client.SendAsync(HttpMethod.Put, "/enrollments/dev-1", MinimalIndividual, contentType: "text/plain");
        var padding = new string('x', 97 * 1024);
        using var large = await client.SendAsync(HttpMethod.Put, "/enrollments/dev-1", $$$"""{"attestation":{"type":"symmetricKey"},"pad":"{{{padding}}}"}""");

        Assert.Equal(415000, (await TestEmulator.Json(text)).GetProperty("errorCode").GetInt32());
        Assert.Equal(413000, (await TestEmulator.Json(large)).GetProperty("errorCode").GetInt32());
    }

    [Fact]
    public async Task Missing_enrollments_and_registrations_are_404()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);

        Assert.Equal((404, 404201), Code(await client.GetAsync("/enrollments/nobody")));
        Assert.Equal((404, 404201), Code(await client.DeleteAsync("/enrollments/nobody")));
        Assert.Equal((404, 404201), Code(await client.PostAsync("/enrollments/nobody/attestationmechanism")));
        Assert.Equal((404, 404201), Code(await client.GetAsync("/enrollmentGroups/nobody")));
        Assert.Equal((404, 404203), Code(await client.GetAsync("/registrations/nobody")));
        Assert.Equal((404, 404203), Code(await client.DeleteAsync("/registrations/nobody", ifMatch: "*")));
        Assert.Equal((404, 404201), Code(await client.PostAsync("/registrations/nobody/query")));
    }

    [Fact]
    public async Task An_enrollment_named_query_is_reached_by_get_put_and_delete()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);

        Assert.Equal(200, (await client.PutAsync("/enrollments/query", """{"attestation":{"type":"symmetricKey"}}""")).Status);
        Assert.Equal("query", (await client.GetAsync("/enrollments/query")).Body.GetProperty("registrationId").GetString());
        Assert.Equal(204, (await client.DeleteAsync("/enrollments/query")).Status);
    }

    private static (int, int) Code((int Status, JsonElement Body, HttpResponseMessage _) answer) =>
        (answer.Status, answer.Body.GetProperty("errorCode").GetInt32());
}
