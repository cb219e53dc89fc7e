using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>Queries with x-ms-max-item-count / x-ms-continuation paging, and bulk enrollment operations.</summary>
public sealed class ServiceApiQueryBulkTests
{
    [Fact]
    public async Task Queries_page_by_id_and_leave_the_continuation_out_on_the_last_page()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        foreach (var id in new[] { "q-3", "Q-1", "q-5", "q-2", "q-4" })
        {
            await client.PutAsync($"/enrollments/{id}", """{"attestation":{"type":"symmetricKey"}}""");
        }

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var headers = new List<(string, string)> { ("x-ms-max-item-count", "2") };
            if (continuation is not null)
            {
                headers.Add(("x-ms-continuation", continuation));
            }

            var (status, page, response) = await client.PostAsync("/enrollments/query", """{"query":"SELECT * FROM enrollments"}""", headers);
            Assert.Equal(200, status);
            Assert.Equal("enrollment", response.Headers.GetValues("x-ms-item-type").Single());
            Assert.Equal("2", response.Headers.GetValues("x-ms-max-item-count").Single());
            Assert.All(page.EnumerateArray(), e => Assert.Equal(JsonValueKind.Null, e.GetProperty("attestation").GetProperty("symmetricKey").GetProperty("primaryKey").ValueKind));
            seen.AddRange(page.EnumerateArray().Select(e => e.GetProperty("registrationId").GetString()!));
            continuation = response.Headers.TryGetValues("x-ms-continuation", out var values) ? values.Single() : null;
            Assert.NotEqual(string.Empty, continuation);
            pages++;
        }
        while (continuation is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(["Q-1", "q-2", "q-3", "q-4", "q-5"], seen);

        // The request log names the enrollment of an item route, not "query".
        var log = emu.Server.RequestLog.Snapshot();
        Assert.All(log.Where(e => e.Path == "/enrollments/query"), e => Assert.Null(e.RegistrationId));
        Assert.Contains(log, e => e.Path == "/enrollments/q-3" && e.RegistrationId == "q-3" && e.Kind == RequestKind.Service);
    }

    [Fact]
    public async Task A_query_without_a_page_size_returns_everything_and_an_empty_one_returns_an_empty_array()
    {
        await using var emu = await TestEmulator.StartAsync(addGroup: false);
        var client = new ServiceClient(emu);

        var (_, empty, emptyResponse) = await client.PostAsync("/enrollmentGroups/query", """{"query":"*"}""");
        Assert.Equal(0, empty.GetArrayLength());
        Assert.Equal("enrollmentGroup", emptyResponse.Headers.GetValues("x-ms-item-type").Single());
        Assert.False(emptyResponse.Headers.Contains("x-ms-continuation"));

        for (var i = 0; i < 3; i++)
        {
            await client.PutAsync($"/enrollmentGroups/g-{i}", """{"attestation":{"type":"symmetricKey"}}""");
        }

        var (_, all, response) = await client.PostAsync("/enrollmentGroups/query", """{"query":"*"}""", [("x-ms-max-item-count", "0")]);
        Assert.Equal(["g-0", "g-1", "g-2"], all.EnumerateArray().Select(g => g.GetProperty("enrollmentGroupId").GetString()));
        Assert.False(response.Headers.Contains("x-ms-continuation"));
    }

    [Theory]
    [InlineData("x-ms-max-item-count", "-1", 400013)]
    [InlineData("x-ms-max-item-count", "ten", 400013)]
    [InlineData("x-ms-continuation", "made-up", 400013)]
    [InlineData("x-ms-continuation", "c1.!!!", 400013)]
    public async Task Bad_paging_headers_get_400(string header, string value, int errorCode)
    {
        await using var emu = await TestEmulator.StartAsync();

        var (status, error, _) = await new ServiceClient(emu).PostAsync("/enrollments/query", """{"query":"*"}""", [(header, value)]);

        Assert.Equal(400, status);
        Assert.Equal(errorCode, error.GetProperty("errorCode").GetInt32());
        Assert.Contains(header, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("""{"query":5}""")]
    public async Task An_enrollment_query_needs_a_query_specification(string? body)
    {
        await using var emu = await TestEmulator.StartAsync();

        var (status, error, _) = await new ServiceClient(emu).PostAsync("/enrollments/query", body);

        Assert.Equal(400, status);
        Assert.Equal(400003, error.GetProperty("errorCode").GetInt32());
    }

    [Fact]
    public async Task Bulk_create_applies_each_item_on_its_own_and_reports_the_failed_ones()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        await client.PutAsync("/enrollments/exists-1", """{"attestation":{"type":"symmetricKey"}}""");

        // Node posts to /enrollments/ (trailing slash).
        var (status, result, _) = await client.PostAsync("/enrollments/", """
            {"mode":"create","enrollments":[
              {"registrationId":"bulk-1","attestation":{"type":"symmetricKey"}},
              {"registrationId":"bulk-2","attestation":{"type":"symmetricKey","symmetricKey":{"primaryKey":"short"}}},
              {"registrationId":"exists-1","attestation":{"type":"symmetricKey"}},
              {"attestation":{"type":"symmetricKey"}},
              {"registrationId":"bulk-3","attestation":{"type":"symmetricKey"}}]}
            """);

        Assert.Equal(200, status);
        Assert.False(result.GetProperty("isSuccessful").GetBoolean());
        var errors = result.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("registrationId").GetString(), e.GetProperty("errorCode").GetInt32())).ToList();
        Assert.Equal([("bulk-2", 400011), ("exists-1", 409001), (string.Empty, 400003)], errors);
        Assert.All(result.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("errorStatus").GetString())));
        Assert.Equal(["bulk-1", "bulk-3", "exists-1"], emu.Server.Enrollments.Individuals.Select(i => i.RegistrationId).Order());
    }

    [Fact]
    public async Task Bulk_update_if_match_etag_and_delete_check_each_item()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var etag = (await client.PutAsync("/enrollments/b-1", """{"attestation":{"type":"symmetricKey"}}""")).Body.GetProperty("etag").GetString();
        await client.PutAsync("/enrollments/b-2", """{"attestation":{"type":"symmetricKey"}}""");

        // Node spells the mode updateIfMatchEtag, C# and the swagger updateIfMatchETag: any case.
        var (_, update, _) = await client.PostAsync("/enrollments", $$$"""
            {"mode":"updateIfMatchEtag","enrollments":[
              {"registrationId":"b-1","etag":"{{{etag}}}","provisioningStatus":"disabled","attestation":{"type":"symmetricKey"}},
              {"registrationId":"b-2","etag":"stale","attestation":{"type":"symmetricKey"}},
              {"registrationId":"b-3","etag":"any","attestation":{"type":"symmetricKey"}}]}
            """);
        Assert.Equal([("b-2", 412001), ("b-3", 404201)], update.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("registrationId").GetString(), e.GetProperty("errorCode").GetInt32())));
        Assert.False(emu.Server.Enrollments.Individuals.Single(i => i.RegistrationId == "b-1").Enabled);

        var (_, delete, _) = await client.PostAsync("/enrollments", """{"mode":"DELETE","enrollments":[{"registrationId":"b-1"},{"registrationId":"b-9"}]}""");
        Assert.Equal([("b-9", 404201)], delete.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("registrationId").GetString(), e.GetProperty("errorCode").GetInt32())));
        Assert.Equal(["b-2"], emu.Server.Enrollments.Individuals.Select(i => i.RegistrationId));

        var (_, ok, _) = await client.PostAsync("/enrollments", """{"mode":"update","enrollments":[{"registrationId":"b-2","attestation":{"type":"symmetricKey"},"deviceId":"renamed"}]}""");
        Assert.True(ok.GetProperty("isSuccessful").GetBoolean());
        Assert.Equal(0, ok.GetProperty("errors").GetArrayLength());
        Assert.Equal("renamed", emu.Server.Enrollments.Individuals.Single().DeviceId);
    }

    public static TheoryData<string, string> BadBulks => new()
    {
        { """{"mode":"upsert","enrollments":[{"registrationId":"a","attestation":{"type":"symmetricKey"}}]}""", "mode must be" },
        { """{"enrollments":[{"registrationId":"a","attestation":{"type":"symmetricKey"}}]}""", "mode must be" },
        { """{"mode":"create","enrollments":[]}""", "1 to 10 items" },
        { """{"mode":"create"}""", "1 to 10 items" },
        { """{"mode":"create","enrollments":[""" + string.Join(",", Enumerable.Range(0, 11).Select(i => $$$"""{"registrationId":"x-{{{i}}}"}""")) + "]}", "1 to 10 items" },
        { """{"mode":"create","enrollments":[{"registrationId":"Twice"},{"registrationId":"twice"}]}""", "appears more than once" },
    };

    [Theory]
    [MemberData(nameof(BadBulks))]
    public async Task A_bad_bulk_request_is_refused_whole_with_400014(string body, string message)
    {
        await using var emu = await TestEmulator.StartAsync();

        var (status, error, _) = await new ServiceClient(emu).PostAsync("/enrollments", body);

        Assert.Equal(400, status);
        Assert.Equal(400014, error.GetProperty("errorCode").GetInt32());
        Assert.Contains(message, error.GetProperty("message").GetString());
        Assert.Empty(emu.Server.Enrollments.Individuals);
    }

    [Fact]
    public async Task Bulk_of_groups_works_like_bulk_of_enrollments()
    {
        await using var emu = await TestEmulator.StartAsync();

        var (_, result, _) = await new ServiceClient(emu).PostAsync("/enrollmentGroups", """
            {"mode":"create","enrollmentGroups":[{"enrollmentGroupId":"bg-1","attestation":{"type":"symmetricKey"}},{"enrollmentGroupId":"group-1","attestation":{"type":"symmetricKey"}}]}
            """);

        Assert.Equal("group-1", result.GetProperty("errors")[0].GetProperty("enrollmentGroupId").GetString());
        Assert.Equal(409001, result.GetProperty("errors")[0].GetProperty("errorCode").GetInt32());
        Assert.Contains(emu.Server.Enrollments.Groups, g => g.EnrollmentGroupId == "bg-1");
    }
}
