using System.Net;
using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>The data folder: registrations (SQLite), enrollments, id scope and CA survive a restart.</summary>
public sealed class PersistenceTests
{
    [Fact]
    public async Task Restart_keeps_assignments_enrollments_id_scope_and_ca()
    {
        using var folder = new TempFolder();
        string idScope, groupKey, hub, created, caThumbprint;
        var individualKey = SymmetricKeys.GenerateKey();
        await using (var first = await TestEmulator.StartAsync(folder: folder.Path))
        {
            await first.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment
            {
                RegistrationId = "kept-solo",
                PrimaryKey = individualKey,
                IotHubs = ["solo.dps-emulator.local"],
            });
            var state = (await first.ProvisionAsync("kept-1", body: """{"registrationId":"kept-1","payload":{"a":1}}""")).GetProperty("registrationState");
            await first.ProvisionAsync("kept-solo", key: individualKey);
            idScope = first.IdScope;
            groupKey = first.GroupKey;
            hub = state.GetProperty("assignedHub").GetString()!;
            created = state.GetProperty("createdDateTimeUtc").GetString()!;
            caThumbprint = first.Server.CaCertificate.Thumbprint;
        }

        await using var second = await TestEmulator.StartAsync(folder: folder.Path);

        Assert.Equal(idScope, second.IdScope);
        Assert.Equal(groupKey, second.GroupKey);
        Assert.Equal(caThumbprint, second.Server.CaCertificate.Thumbprint);
        Assert.Equal(2, second.Server.Registrations.Count);

        // Status lookup works right away, from the database.
        using var status = await second.StatusAsync("kept-1");
        var stored = await TestEmulator.Json(status);
        Assert.Equal("assigned", stored.GetProperty("status").GetString());
        Assert.Equal(hub, stored.GetProperty("assignedHub").GetString());
        Assert.Equal(created, stored.GetProperty("createdDateTimeUtc").GetString());
        Assert.Equal(1, stored.GetProperty("payload").GetProperty("a").GetInt32());

        // Re-registration returns the same hub and device id.
        var again = (await second.ProvisionAsync("kept-1")).GetProperty("registrationState");
        Assert.Equal(hub, again.GetProperty("assignedHub").GetString());
        Assert.Equal("kept-1", again.GetProperty("deviceId").GetString());
        Assert.Equal(created, again.GetProperty("createdDateTimeUtc").GetString());
        Assert.Equal("initialAssignment", again.GetProperty("substatus").GetString());
        var solo = (await second.ProvisionAsync("kept-solo", key: individualKey)).GetProperty("registrationState");
        Assert.Equal("solo.dps-emulator.local", solo.GetProperty("assignedHub").GetString());
    }

    [Fact]
    public async Task Database_uses_wal_and_holds_the_records()
    {
        using var folder = new TempFolder();
        await using (var emu = await TestEmulator.StartAsync(folder: folder.Path))
        {
            await emu.ProvisionAsync("db-1");
            Assert.True(File.Exists(Path.Combine(folder.Path, "registrations.db-wal")));
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder.Path, "registrations.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; SELECT registration_id, assigned_hub, status FROM registrations;";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("wal", reader.GetString(0));
        Assert.True(reader.NextResult());
        Assert.True(reader.Read());
        Assert.Equal("db-1", reader.GetString(0));
        Assert.Equal("assigned", reader.GetString(2));
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task First_start_without_enrollments_file_creates_a_demo_group_and_saves_it()
    {
        using var folder = new TempFolder();
        await using (var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path, Port = 0 }))
        {
            var demo = server.CreatedDemoEnrollment;
            Assert.NotNull(demo);
            Assert.Equal(64, Convert.FromBase64String(demo.PrimaryKey).Length);
            Assert.Equal(64, Convert.FromBase64String(demo.SecondaryKey!).Length);
            Assert.NotEmpty(demo.IotHubs);
            Assert.Matches("^0ne[0-9A-F]{8}$", server.IdScope);

            using var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "enrollments.json")));
            Assert.Equal(server.IdScope, saved.RootElement.GetProperty("idScope").GetString());
            var group = saved.RootElement.GetProperty("enrollmentGroups")[0];
            Assert.Equal(demo.PrimaryKey, group.GetProperty("primaryKey").GetString());
            Assert.Equal("enabled", group.GetProperty("provisioningStatus").GetString());
            Assert.Equal("hashed", group.GetProperty("allocationPolicy").GetString());
        }

        await using var restarted = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path });
        Assert.Null(restarted.CreatedDemoEnrollment); // keys are shown only when just created
        Assert.Single(restarted.Enrollments.Groups);
    }

    [Fact]
    public async Task Enrollments_file_writes_keys_as_they_are_so_they_can_be_copied()
    {
        using var folder = new TempFolder();
        // A key with every base64 character that JSON encoders like to escape.
        var key = Convert.ToBase64String([0xFB, 0xEF, 0xBE, .. Enumerable.Range(0, 45).Select(i => (byte)(i * 37)), 0xFF, 0xFF]);
        Assert.Contains('+', key);
        Assert.Contains('/', key);
        await using (var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path, CreateDemoEnrollment = false }))
        {
            await server.Enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup { EnrollmentGroupId = "copy-me", PrimaryKey = key, IotHubs = ["hub-1.dps-emulator.local"] });
        }

        var text = File.ReadAllText(Path.Combine(folder.Path, "enrollments.json"));
        Assert.Contains($"\"primaryKey\": \"{key}\"", text);
        Assert.DoesNotContain("\\u", text);
    }

    [Fact]
    public async Task Device_json_for_the_virtual_device_provisions_against_the_running_emulator()
    {
        using var folder = new TempFolder();
        await using var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path, AssignmentDelay = TimeSpan.Zero });
        var written = NanoDps.Emulator.Cli.VirtualDeviceConfig.Write(server)!;

        var path = Path.Combine(folder.Path, "device.json");
        Assert.Equal(path, written.Path);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var root = config.RootElement;
        Assert.Equal(server.IdScope, root.GetProperty("idScope").GetString());
        Assert.Equal($"localhost:{server.Port}", root.GetProperty("endpoint").GetString());
        var groupKey = root.GetProperty("groupKey").GetString()!;
        Assert.Equal(server.Enrollments.Groups.Single(g => g.EnrollmentGroupId == "demo-group").PrimaryKey, groupKey);
        Assert.Contains("secret", root.GetProperty("_comment").GetString());
        Assert.Equal(
            $"dotnet run --project VirtualDevice -- --config {path} --ca {server.CaCertificatePath} --flash {Path.Combine(folder.Path, "virtual-board")}"
            + $" --resolve hub-1.dps-emulator.local=127.0.0.1:{server.Port} --resolve hub-2.dps-emulator.local=127.0.0.1:{server.Port}",
            written.Command);

        // The file is enough to provision: the device derives its key from groupKey and talks to endpoint.
        using var http = new HttpClient(TrustedHttp.Handler(server.CaCertificatePath)) { BaseAddress = new Uri($"https://{root.GetProperty("endpoint").GetString()}/") };
        const string id = "from-device-json";
        var token = Sas.ForRegistration(server.IdScope, id, Sas.DeriveKey(groupKey, id), DateTimeOffset.UtcNow);
        using var register = new HttpRequestMessage(HttpMethod.Put, $"{server.IdScope}/registrations/{id}/register?api-version=2021-10-01")
        {
            Content = new StringContent($"{{\"registrationId\":\"{id}\"}}", System.Text.Encoding.UTF8, "application/json"),
        };
        register.Headers.TryAddWithoutValidation("Authorization", token);
        using var accepted = await http.SendAsync(register);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Enrollments_file_as_documented_is_loaded()
    {
        using var folder = new TempFolder();
        var groupKey = SymmetricKeys.GenerateKey();
        var soloKey = SymmetricKeys.GenerateKey(32);
        File.WriteAllText(Path.Combine(folder.Path, "enrollments.json"), $$"""
            {
              // comments are allowed
              "idScope": "0ne00ABCDEF",
              "enrollmentGroups": [
                {
                  "enrollmentGroupId": "factory-line-1",
                  "provisioningStatus": "enabled",
                  "allocationPolicy": "hashed",
                  "iotHubs": [ "hub-1.dps-emulator.local", "hub-2.dps-emulator.local" ],
                  "primaryKey": "{{groupKey}}",
                  "secondaryKey": "{{SymmetricKeys.GenerateKey()}}"
                }
              ],
              "individualEnrollments": [
                {
                  "registrationId": "bench-device-1",
                  "deviceId": "bench-1",
                  "provisioningStatus": "disabled",
                  "allocationPolicy": "static",
                  "iotHubs": [ "hub-3.dps-emulator.local" ],
                  "primaryKey": "{{soloKey}}"
                },
              ]
            }
            """);

        await using var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path });

        Assert.Equal("0ne00ABCDEF", server.IdScope);
        var group = Assert.Single(server.Enrollments.Groups);
        Assert.Equal("factory-line-1", group.EnrollmentGroupId);
        Assert.Equal(groupKey, group.PrimaryKey);
        Assert.Equal(AllocationPolicy.Hashed, group.AllocationPolicy);
        var solo = Assert.Single(server.Enrollments.Individuals);
        Assert.Equal("bench-1", solo.DeviceId);
        Assert.False(solo.Enabled);
        Assert.Equal(AllocationPolicy.Static, solo.AllocationPolicy);
        Assert.Equal(["hub-1.dps-emulator.local", "hub-2.dps-emulator.local", "hub-3.dps-emulator.local"], server.Enrollments.HubNames);
    }

    [Theory]
    [InlineData("""{ "enrollmentGroups": [ { "enrollmentGroupId": "g", "primaryKey": "not-base64", "iotHubs": [] } ] }""")]
    [InlineData("""{ "enrollmentGroups": [ { "enrollmentGroupId": "g", "primaryKey": "AAAAAAAAAAAAAAAAAAAAAA==", "iotHubs": [], "allocation": "hashed" } ] }""")]
    [InlineData("""{ "enrollmentGroups": [ { "enrollmentGroupId": "g", "primaryKey": "AAAAAAAAAAAAAAAAAAAAAA==", "iotHubs": [], "allocationPolicy": "custom" } ] }""")]
    [InlineData("""{ "individualEnrollments": [ { "registrationId": "a", "primaryKey": "AAAAAAAAAAAAAAAAAAAAAA==", "provisioningStatus": "on" } ] }""")]
    [InlineData("""{ "idScope": "a/b" }""")]
    [InlineData("""not json""")]
    public async Task Invalid_enrollments_file_stops_the_start_with_a_clear_error(string content)
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "enrollments.json"), content);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path }));
        Assert.Contains("enrollments.json", error.Message);
    }

    [Fact]
    public async Task Enrollments_file_without_id_scope_gets_one_saved()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "enrollments.json");
        File.WriteAllText(path, """{ "enrollmentGroups": [] }""");

        string scope;
        await using (var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path }))
        {
            scope = server.IdScope;
        }

        using var saved = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(scope, saved.RootElement.GetProperty("idScope").GetString());
        await using var again = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path });
        Assert.Equal(scope, again.IdScope);
    }

    [Fact]
    public async Task Operations_survive_a_restart_within_their_retention()
    {
        using var folder = new TempFolder();
        string operationId, token;
        await using (var first = await TestEmulator.StartAsync(folder: folder.Path))
        {
            token = first.Token("op-1");
            using var register = await first.RegisterAsync("op-1", token, body: """{"registrationId":"op-1","payload":{"fw":"2"}}""");
            operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;
        }

        await using (var second = await TestEmulator.StartAsync(folder: folder.Path))
        {
            // The 202 promised this operation: it is still there, and it assigns the device.
            using var poll = await second.PollAsync("op-1", operationId);
            Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            var result = await TestEmulator.Json(poll);
            Assert.Equal("assigned", result.GetProperty("status").GetString());
            Assert.Equal("2", result.GetProperty("registrationState").GetProperty("payload").GetProperty("fw").GetString());
        }

        // Past the retention (15 minutes by default) it is gone, as in DPS: 404, and the device registers again.
        await using var later = await TestEmulator.StartAsync(
            o => o.TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1)), folder: folder.Path);
        using var expired = await later.PollAsync("op-1", operationId);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
    }
}
