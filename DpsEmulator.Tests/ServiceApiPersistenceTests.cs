using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>Enrollments live in registrations.db; enrollments.json is their import (first start, hand edits) and export.</summary>
public sealed class ServiceApiPersistenceTests
{
    [Fact]
    public async Task Enrollments_made_through_the_service_api_survive_a_restart_with_their_etags_and_fields()
    {
        using var folder = new TempFolder();
        JsonElement group, individual;
        await using (var first = await TestEmulator.StartAsync(folder: folder.Path))
        {
            var client = new ServiceClient(first);
            group = (await client.PutAsync("/enrollmentGroups/kept-group", """{"attestation":{"type":"symmetricKey"},"initialTwin":{"tags":{"k":"v"}},"capabilities":{"iotEdge":true}}""")).Body;
            individual = (await client.PutAsync("/enrollments/kept-1", """{"attestation":{"type":"symmetricKey"},"deviceId":"kept-device","reprovisionPolicy":{"updateHubAssignment":false}}""")).Body;
        }

        // The database is the truth: even without enrollments.json the enrollments are back.
        File.Delete(Path.Combine(folder.Path, "enrollments.json"));
        await using var second = await TestEmulator.StartAsync(folder: folder.Path);
        var again = new ServiceClient(second);
        var (_, groupAgain, _) = await again.GetAsync("/enrollmentGroups/kept-group");
        var (_, individualAgain, _) = await again.GetAsync("/enrollments/kept-1");
        var keys = (await again.PostAsync("/enrollmentGroups/kept-group/attestationmechanism")).Body;

        Assert.Equal(group.GetProperty("etag").GetString(), groupAgain.GetProperty("etag").GetString());
        Assert.Equal(group.GetProperty("createdDateTimeUtc").GetString(), groupAgain.GetProperty("createdDateTimeUtc").GetString());
        Assert.Equal("v", groupAgain.GetProperty("initialTwin").GetProperty("tags").GetProperty("k").GetString());
        Assert.True(groupAgain.GetProperty("capabilities").GetProperty("iotEdge").GetBoolean());
        Assert.Equal(group.GetProperty("attestation").GetRawText(), keys.GetRawText().Replace(" ", string.Empty));
        Assert.Equal(individual.GetProperty("etag").GetString(), individualAgain.GetProperty("etag").GetString());
        Assert.Equal("kept-device", individualAgain.GetProperty("deviceId").GetString());
        Assert.False(individualAgain.GetProperty("reprovisionPolicy").GetProperty("updateHubAssignment").GetBoolean());
        Assert.True(File.Exists(Path.Combine(folder.Path, "enrollments.json")), "the export is written again at start");

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder.Path, "registrations.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM enrollment_groups; SELECT document FROM individual_enrollments;";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal(2, reader.GetInt64(0)); // group-1 and kept-group
        reader.NextResult();
        reader.Read();
        Assert.Contains("\"deviceId\":\"kept-device\"", reader.GetString(0));
    }

    [Fact]
    public async Task The_export_follows_changes_with_every_field_and_is_not_read_back_while_unchanged()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "enrollments.json");
        await using (var emu = await TestEmulator.StartAsync(folder: folder.Path))
        {
            await new ServiceClient(emu).PutAsync("/enrollments/exported-1", """{"attestation":{"type":"symmetricKey"},"initialTwin":{"tags":{"a":"b"}},"iotHubHostName":"x.dps-emulator.local","deviceId":"exp"}""");
        }

        using (var file = JsonDocument.Parse(File.ReadAllText(path)))
        {
            var exported = file.RootElement.GetProperty("individualEnrollments").EnumerateArray().Single(e => e.GetProperty("registrationId").GetString() == "exported-1");
            Assert.Equal("b", exported.GetProperty("initialTwin").GetProperty("tags").GetProperty("a").GetString());
            Assert.Equal("x.dps-emulator.local", exported.GetProperty("iotHubHostName").GetString());
            Assert.Equal("static", exported.GetProperty("allocationPolicy").GetString());
            Assert.Equal("exp", exported.GetProperty("deviceId").GetString());
            Assert.True(exported.TryGetProperty("etag", out _));
            Assert.True(exported.TryGetProperty("createdDateTimeUtc", out _));
            Assert.Equal(64, Convert.FromBase64String(exported.GetProperty("primaryKey").GetString()!).Length);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        // Unchanged file: the store wins (a change made in the store while the file is the emulator's own stays).
        await using var again = await TestEmulator.StartAsync(folder: folder.Path);
        Assert.Contains(again.Server.Enrollments.Individuals, i => i.RegistrationId == "exported-1");
        Assert.False(File.Exists(path + ".edited"));
    }

    [Fact]
    public async Task A_file_edited_by_hand_while_stopped_is_imported_at_the_next_start_keeping_unchanged_etags()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "enrollments.json");
        string groupEtag, individualEtag;
        await using (var emu = await TestEmulator.StartAsync(folder: folder.Path))
        {
            var client = new ServiceClient(emu);
            individualEtag = (await client.PutAsync("/enrollments/edit-me", """{"attestation":{"type":"symmetricKey"}}""")).Body.GetProperty("etag").GetString()!;
            groupEtag = (await client.GetAsync("/enrollmentGroups/group-1")).Body.GetProperty("etag").GetString()!;
        }

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"registrationId\": \"edit-me\",", "\"registrationId\": \"edit-me\",\n      \"deviceId\": \"edited-by-hand\","));

        await using var after = await TestEmulator.StartAsync(folder: folder.Path);
        var client2 = new ServiceClient(after);
        var (_, edited, _) = await client2.GetAsync("/enrollments/edit-me");
        Assert.Equal("edited-by-hand", edited.GetProperty("deviceId").GetString());
        Assert.NotEqual(individualEtag, edited.GetProperty("etag").GetString());
        Assert.Equal(groupEtag, (await client2.GetAsync("/enrollmentGroups/group-1")).Body.GetProperty("etag").GetString());
    }

    [Fact]
    public async Task A_group_deleted_and_made_again_is_tried_last_before_and_after_a_restart()
    {
        using var folder = new TempFolder();
        string[] running;
        await using (var emu = await TestEmulator.StartAsync(folder: folder.Path))
        {
            var client = new ServiceClient(emu);
            const string group = """{"attestation":{"type":"symmetricKey"}}""";
            await client.PutAsync("/enrollmentGroups/second", group);
            Assert.Equal(204, (await client.DeleteAsync("/enrollmentGroups/group-1")).Status);
            await client.PutAsync("/enrollmentGroups/group-1", group);
            running = [.. emu.Server.Enrollments.Groups.Select(g => g.EnrollmentGroupId)];
        }

        await using var again = await TestEmulator.StartAsync(folder: folder.Path);
        Assert.Equal(["second", "group-1"], running);
        Assert.Equal(running, again.Server.Enrollments.Groups.Select(g => g.EnrollmentGroupId));
    }

    [Fact]
    public async Task An_individual_enrollment_a_hand_edit_drops_takes_its_registration_record_along_as_a_delete_does()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "enrollments.json");
        await using (var emu = await TestEmulator.StartAsync(folder: folder.Path))
        {
            var client = new ServiceClient(emu);
            foreach (var id in new[] { "dropped-1", "kept-1" })
            {
                var key = (await client.PutAsync($"/enrollments/{id}", """{"attestation":{"type":"symmetricKey"}}""")).Body
                    .GetProperty("attestation").GetProperty("symmetricKey").GetProperty("primaryKey").GetString();
                Assert.Equal("assigned", (await emu.ProvisionAsync(id, key)).GetProperty("status").GetString());
            }
        }

        var file = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        var individuals = file["individualEnrollments"]!.AsArray();
        individuals.Remove(individuals.Single(i => (string?)i!["registrationId"] == "dropped-1"));
        File.WriteAllText(path, file.ToJsonString());

        await using var after = await TestEmulator.StartAsync(folder: folder.Path);
        var again = new ServiceClient(after);
        Assert.Equal(404, (await again.GetAsync("/enrollments/dropped-1")).Status);
        var (status, body, _) = await again.GetAsync("/registrations/dropped-1");
        Assert.Equal(404, status);
        Assert.Equal(404203, body.GetProperty("errorCode").GetInt32());
        Assert.Equal(["kept-1"], after.Server.Registrations.Select(r => r.RegistrationId));
        using var dashboard = new DashboardClient(after.Server);
        Assert.Equal(1, (await dashboard.StateAsync()).GetProperty("registrations").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Enrollments_json_is_imported_into_the_store_at_the_first_start()
    {
        using var folder = new TempFolder();
        var key = SymmetricKeys.GenerateKey();
        File.WriteAllText(Path.Combine(folder.Path, "enrollments.json"), $$$"""
            {
              // hand-written, with a comment
              "idScope": "0ne00FEED00",
              "enrollmentGroups": [ { "enrollmentGroupId": "imported", "primaryKey": "{{{key}}}", "iotHubs": ["imp.dps-emulator.local"],
                                      "initialTwin": {"tags": {"x": 1}}, "reprovisionPolicy": {"updateHubAssignment": false} } ]
            }
            """);
        var original = File.ReadAllText(Path.Combine(folder.Path, "enrollments.json"));

        await using var emu = await TestEmulator.StartAsync(folder: folder.Path, addGroup: false);

        Assert.Equal("0ne00FEED00", emu.IdScope);
        var (_, group, _) = await new ServiceClient(emu).GetAsync("/enrollmentGroups/imported");
        Assert.Equal(1, group.GetProperty("initialTwin").GetProperty("tags").GetProperty("x").GetInt32());
        Assert.False(group.GetProperty("reprovisionPolicy").GetProperty("updateHubAssignment").GetBoolean());
        Assert.True(group.TryGetProperty("etag", out _));
        Assert.Equal("assigned", (await emu.ProvisionAsync("imp-dev", key: Sas.DeriveKey(key, "imp-dev"))).GetProperty("status").GetString());

        // An import that needs nothing added leaves the hand-written file (and its comment) as it is, also at the next start.
        Assert.Equal(original, File.ReadAllText(Path.Combine(folder.Path, "enrollments.json")));
        await emu.Server.DisposeAsync();
        await using (var again = await TestEmulator.StartAsync(folder: folder.Path, addGroup: false))
        {
            Assert.Equal(original, File.ReadAllText(Path.Combine(folder.Path, "enrollments.json")));
            Assert.Equal(group.GetProperty("etag").GetString(), (await new ServiceClient(again).GetAsync("/enrollmentGroups/imported")).Body.GetProperty("etag").GetString());

            // The first change rewrites it as an export.
            await new ServiceClient(again).PutAsync("/enrollments/after-import", """{"attestation":{"type":"symmetricKey"}}""");
        }

        Assert.Contains("after-import", File.ReadAllText(Path.Combine(folder.Path, "enrollments.json")));
    }

    [Fact]
    public async Task A_file_edited_while_the_emulator_runs_is_saved_aside_before_the_export_overwrites_it()
    {
        await using var emu = await TestEmulator.StartAsync();
        var path = Path.Combine(emu.Server.DataFolder, "enrollments.json");
        for (var i = 0; i < 100 && !File.ReadAllText(path).Contains("group-1"); i++)
        {
            await Task.Delay(50); // the export of the test's group-1 (renamed into place as its last step)
        }

        File.WriteAllText(path, """{ "idScope": "edited-while-running" }""");

        await new ServiceClient(emu).PutAsync("/enrollments/after-edit", """{"attestation":{"type":"symmetricKey"}}""");
        await emu.Server.DisposeAsync();

        Assert.Equal("""{ "idScope": "edited-while-running" }""", File.ReadAllText(path + ".edited"));
        Assert.Contains("after-edit", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_data_folder_from_before_enrollments_moved_into_the_store_is_upgraded_on_start()
    {
        using var folder = new TempFolder();
        var key = SymmetricKeys.GenerateKey();
        File.WriteAllText(Path.Combine(folder.Path, "enrollments.json"), $$$"""
            { "idScope": "0ne00OLD000", "enrollmentGroups": [ { "enrollmentGroupId": "old-group", "primaryKey": "{{{key}}}", "iotHubs": ["old.dps-emulator.local"] } ] }
            """);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder.Path, "registrations.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE registrations (registration_key TEXT NOT NULL PRIMARY KEY, registration_id TEXT NOT NULL, device_id TEXT NOT NULL,
                    assigned_hub TEXT NOT NULL, status TEXT NOT NULL, substatus TEXT NOT NULL, created_utc TEXT NOT NULL, last_updated_utc TEXT NOT NULL,
                    etag TEXT NOT NULL, payload TEXT NULL, enrollment_group_id TEXT NULL) WITHOUT ROWID;
                INSERT INTO registrations VALUES ('old-dev', 'old-dev', 'old-dev', 'old.dps-emulator.local', 'assigned', 'initialAssignment',
                    '2026-01-01T00:00:00.0000000+00:00', '2026-01-01T00:00:00.0000000+00:00', 'IjEi', NULL, 'old-group');
                """;
            command.ExecuteNonQuery();
        }

        await using var emu = await TestEmulator.StartAsync(folder: folder.Path, addGroup: false);

        Assert.Equal("0ne00OLD000", emu.IdScope);
        Assert.Equal(["old-group"], emu.Server.Enrollments.Groups.Select(g => g.EnrollmentGroupId));
        var record = emu.Server.GetRegistration("old-dev")!;
        Assert.Null(record.InitialHub);
        var again = (await emu.ProvisionAsync("old-dev", key: Sas.DeriveKey(key, "old-dev"))).GetProperty("registrationState");
        Assert.Equal(("old.dps-emulator.local", "2026-01-01T00:00:00.0000000Z"), (again.GetProperty("assignedHub").GetString(), again.GetProperty("createdDateTimeUtc").GetString()));
        Assert.Equal("old.dps-emulator.local", emu.Server.GetRegistration("old-dev")!.InitialHub);
    }

    [SkippableFact]
    public async Task The_database_holds_keys_so_it_is_0600_with_its_wal_also_in_an_older_folder()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip.If(true, "POSIX file modes");
            return;
        }

        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "registrations.db");
        await using (var emu = await TestEmulator.StartAsync(folder: folder.Path))
        {
            await emu.ProvisionAsync("private-1");
            foreach (var path in new[] { db, db + "-wal", db + "-shm" })
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }

        // A folder made before the database held keys: readable by others, made private at the next start.
        File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var again = await TestEmulator.StartAsync(folder: folder.Path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db));
    }

    [Fact]
    public async Task Every_enrollment_the_service_api_said_it_stored_survives_kill_9()
    {
        using var folder = new TempFolder();
        var told = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(); // registration id -> etag it was told
        await using (var emulator = EmulatorProcess.Start("--port", "0", "--data", folder.Path, "--no-quotas"))
        {
            await emulator.WaitReadyAsync();
            var connectionString = File.ReadAllText(Path.Combine(folder.Path, "service-connection-string.txt")).Trim();
            using var http = new HttpClient(TrustedHttp.Handler(Path.Combine(folder.Path, "ca.pem"))) { BaseAddress = new Uri($"https://localhost:{emulator.Port}/") };
            var key = ServiceClient.KeyOf(connectionString);
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var id = $"crash-{worker}-{i}";
                    using var request = new HttpRequestMessage(HttpMethod.Put, $"enrollments/{id}?api-version=2021-10-01")
                    {
                        Content = new StringContent("""{"attestation":{"type":"symmetricKey"}}""", System.Text.Encoding.UTF8, "application/json"),
                    };
                    request.Headers.TryAddWithoutValidation("Authorization", Sas.Token("localhost", key, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), "provisioningserviceowner"));
                    try
                    {
                        using var response = await http.SendAsync(request);
                        if (response.IsSuccessStatusCode)
                        {
                            told[id] = (await TestEmulator.Json(response)).GetProperty("etag").GetString()!;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                    {
                        return; // the process is gone
                    }
                }
            })).ToList();

            for (var i = 0; i < 200 && told.Count < 40; i++)
            {
                await Task.Delay(25);
            }

            emulator.KillHard(); // mid-burst: requests in flight get no answer, those answered must survive
            stop.Cancel();
            await Task.WhenAll(workers);
        }

        Assert.True(told.Count >= 40, $"only {told.Count} enrollments were answered before the kill");
        await using var after = await TestEmulator.StartAsync(folder: folder.Path, addGroup: false);
        foreach (var (id, etag) in told)
        {
            var stored = Assert.Single(after.Server.Enrollments.Individuals, e => e.RegistrationId == id);
            Assert.Equal(etag, stored.ETag);
        }
    }

    [Fact]
    public async Task A_stale_export_left_by_a_crash_is_not_taken_for_a_hand_edit()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "enrollments.json");
        string firstExport;
        await using (var emu = await TestEmulator.StartAsync(folder: folder.Path))
        {
            var client = new ServiceClient(emu);
            await client.PutAsync("/enrollments/change-a", """{"attestation":{"type":"symmetricKey"}}""");
            await WaitForAsync(() => File.ReadAllText(path).Contains("change-a"));
            firstExport = File.ReadAllText(path);
            await client.PutAsync("/enrollments/change-b", """{"attestation":{"type":"symmetricKey"}}""");
        }

        // As if the process died after committing change-b's export hash but before renaming the file into place.
        Assert.Contains("change-b", File.ReadAllText(path));
        File.WriteAllText(path, firstExport);

        await using var again = await TestEmulator.StartAsync(folder: folder.Path);
        Assert.Contains(again.Server.Enrollments.Individuals, i => i.RegistrationId == "change-b");
        Assert.Contains("change-b", File.ReadAllText(path));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
