using System.Net;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>What the service API does to devices at once, and the registration states it shows.</summary>
public sealed class ServiceApiDeviceTests
{
    [Fact]
    public async Task A_group_made_by_the_service_api_provisions_its_devices_and_deleting_it_refuses_the_next_register()
    {
        await using var emu = await TestEmulator.StartAsync(addGroup: false);
        var client = new ServiceClient(emu);
        var created = (await client.PutAsync("/enrollmentGroups/fleet", """{"attestation":{"type":"symmetricKey"},"iotHubs":["fleet-hub.dps-emulator.local"]}""")).Body;
        var groupKey = created.GetProperty("attestation").GetProperty("symmetricKey").GetProperty("primaryKey").GetString()!;

        var result = await emu.ProvisionAsync("fleet-dev-1", key: Sas.DeriveKey(groupKey, "fleet-dev-1"));
        Assert.Equal("assigned", result.GetProperty("status").GetString());
        Assert.Equal("fleet-hub.dps-emulator.local", result.GetProperty("registrationState").GetProperty("assignedHub").GetString());

        // The group's etag does not change because a device registered.
        Assert.Equal(created.GetProperty("etag").GetString(), (await client.GetAsync("/enrollmentGroups/fleet")).Body.GetProperty("etag").GetString());

        Assert.Equal(204, (await client.DeleteAsync("/enrollmentGroups/fleet")).Status);
        using var refused = await emu.RegisterAsync("fleet-dev-1", emu.Token("fleet-dev-1", Sas.DeriveKey(groupKey, "fleet-dev-1")));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(401002, (await TestEmulator.Json(refused)).GetProperty("errorCode").GetInt32());

        // Its devices' registration records stay (choice): DELETE /registrations/{id} removes them.
        Assert.Equal(200, (await client.GetAsync("/registrations/fleet-dev-1")).Status);
    }

    [Fact]
    public async Task Disabling_through_the_service_api_answers_disabled_at_the_next_register_and_enabling_assigns_again()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var key = SymmetricKeys.GenerateKey(32);
        var body = $$$"""{"attestation":{"type":"symmetricKey","symmetricKey":{"primaryKey":"{{{key}}}"}},"iotHubs":["{{{TestEmulator.Hub1}}}"],"provisioningStatus":"PROVISIONING"}""";

        await client.PutAsync("/enrollments/solo-1", body.Replace("PROVISIONING", "disabled"));
        Assert.Equal("disabled", (await emu.ProvisionAsync("solo-1", key: key)).GetProperty("status").GetString());

        await client.PutAsync("/enrollments/solo-1", body.Replace("PROVISIONING", "enabled"));
        Assert.Equal("assigned", (await emu.ProvisionAsync("solo-1", key: key)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Registration_states_are_read_queried_and_deleted_and_the_device_then_registers_anew()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var first = (await emu.ProvisionAsync("reg-1", body: """{"registrationId":"reg-1","payload":{"fw":"1"}}""")).GetProperty("registrationState");
        await emu.ProvisionAsync("reg-2");

        var (status, state, _) = await client.GetAsync("/registrations/REG-1");
        Assert.Equal(200, status);
        Assert.Equal(
            ["registrationId", "createdDateTimeUtc", "assignedHub", "deviceId", "status", "substatus", "lastUpdatedDateTimeUtc", "etag", "payload"],
            state.EnumerateObject().Select(p => p.Name));
        Assert.Equal(first.GetRawText(), state.GetRawText());

        // The CLI sends the registration query with no body.
        var (_, page, response) = await client.PostAsync("/registrations/group-1/query", null, [("x-ms-max-item-count", "1")]);
        Assert.Equal("deviceRegistration", response.Headers.GetValues("x-ms-item-type").Single());
        Assert.Equal("reg-1", Assert.Single(page.EnumerateArray()).GetProperty("registrationId").GetString());
        var continuation = response.Headers.GetValues("x-ms-continuation").Single();
        var (_, next, last) = await client.PostAsync("/registrations/group-1/query", """{"query":"*"}""", [("x-ms-max-item-count", "1"), ("x-ms-continuation", continuation)]);
        Assert.Equal("reg-2", Assert.Single(next.EnumerateArray()).GetProperty("registrationId").GetString());
        Assert.False(last.Headers.Contains("x-ms-continuation"));

        Assert.Equal((412, 412001), ((await client.DeleteAsync("/registrations/reg-1", ifMatch: "IjEi")).Status, (await client.DeleteAsync("/registrations/reg-1", ifMatch: "IjEi")).Body.GetProperty("errorCode").GetInt32()));
        Assert.Equal(204, (await client.DeleteAsync("/registrations/reg-1", ifMatch: $"\"{state.GetProperty("etag").GetString()}\"")).Status);
        Assert.Equal(404203, (await client.GetAsync("/registrations/reg-1")).Body.GetProperty("errorCode").GetInt32());
        Assert.Null(emu.Server.GetRegistration("reg-1"));

        // A first registration again: new creation time.
        emu.Time!.Advance(TimeSpan.FromMinutes(1));
        var again = (await emu.ProvisionAsync("reg-1")).GetProperty("registrationState");
        Assert.NotEqual(first.GetProperty("createdDateTimeUtc").GetString(), again.GetProperty("createdDateTimeUtc").GetString());
        Assert.Equal("initialAssignment", again.GetProperty("substatus").GetString());
    }

    [Fact]
    public async Task An_individual_enrollment_shows_its_registration_state_and_deleting_it_deletes_the_record()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var key = (await client.PutAsync("/enrollments/ind-1", """{"attestation":{"type":"symmetricKey"}}""")).Body
            .GetProperty("attestation").GetProperty("symmetricKey").GetProperty("secondaryKey").GetString()!;
        Assert.False((await client.GetAsync("/enrollments/ind-1")).Body.TryGetProperty("registrationState", out _));

        var assigned = (await emu.ProvisionAsync("ind-1", key: key)).GetProperty("registrationState");

        var (_, enrollment, _) = await client.GetAsync("/enrollments/ind-1");
        Assert.Equal(assigned.GetRawText(), enrollment.GetProperty("registrationState").GetRawText());
        Assert.Equal(204, (await client.DeleteAsync("/enrollments/ind-1")).Status);
        Assert.Null(emu.Server.GetRegistration("ind-1"));

        // Now only the group covers the id: its individual key no longer works.
        using var refused = await emu.RegisterAsync("ind-1", emu.Token("ind-1", key));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_registration_leaves_the_hub_to_the_device_that_registered_last_under_the_same_device_id()
    {
        await using var emu = await TestEmulator.StartAsync();
        var client = new ServiceClient(emu);
        var keyA = SymmetricKeys.GenerateKey(32);
        var keyB = SymmetricKeys.GenerateKey(32);
        var body = $$$"""{"attestation":{"type":"symmetricKey","symmetricKey":{"primaryKey":"KEY"}},"deviceId":"shared-dev","iotHubs":["{{{TestEmulator.Hub1}}}"]}""";
        await client.PutAsync("/enrollments/twin-a", body.Replace("KEY", keyA));
        await client.PutAsync("/enrollments/twin-b", body.Replace("KEY", keyB));
        Assert.Equal("assigned", (await emu.ProvisionAsync("twin-a", key: keyA)).GetProperty("status").GetString());
        Assert.Equal("assigned", (await emu.ProvisionAsync("twin-b", key: keyB)).GetProperty("status").GetString());

        // As on IoT Hub, one device id is one device on a hub: the registration made last holds it.
        await DeviceCalls.SendToHubAsync(emu, TestEmulator.Hub1, "shared-dev", keyB, "{\"n\":1}");

        // Deleting the older registration must not take the hub's device away from the newer one.
        Assert.Equal(204, (await client.DeleteAsync("/registrations/twin-a")).Status);
        await DeviceCalls.SendToHubAsync(emu, TestEmulator.Hub1, "shared-dev", keyB, "{\"n\":2}");
    }

    [Fact]
    public async Task An_enrollment_with_a_new_hub_is_served_under_that_name_at_once()
    {
        await using var emu = await TestEmulator.StartAsync();
        await new ServiceClient(emu).PutAsync("/enrollmentGroups/new-hub", """{"attestation":{"type":"symmetricKey"},"iotHubs":["svc-new.dps-emulator.local"]}""");

        using var client = new HttpClient(TrustedHttp.Handler(emu.Server.CaCertificatePath));
        using var response = await client.GetAsync($"https://svc-new.dps-emulator.local:{emu.Server.Port}/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // TLS to that name succeeded
    }
}

/// <summary>What a registered device gets when it registers again, by its enrollment's reprovisionPolicy.</summary>
public sealed class ReprovisionPolicyTests
{
    [Theory]
    [InlineData(true, true, "hub-b.dps-emulator.local", "deviceDataMigrated")]
    [InlineData(true, false, "hub-b.dps-emulator.local", "deviceDataReset")]
    [InlineData(false, true, "hub-a.dps-emulator.local", "initialAssignment")]
    public async Task A_changed_hub_list_moves_the_device_as_the_policy_says(bool updateHubAssignment, bool migrateDeviceData, string hub, string substatus)
    {
        await using var emu = await TestEmulator.StartAsync(addGroup: false);
        var client = new ServiceClient(emu);
        var key = SymmetricKeys.GenerateKey();
        string Group(string hubName) => $$$"""
            {"attestation":{"type":"symmetricKey","symmetricKey":{"primaryKey":"{{{key}}}"}},"allocationPolicy":"static","iotHubs":["{{{hubName}}}"],
             "reprovisionPolicy":{"updateHubAssignment":{{{(updateHubAssignment ? "true" : "false")}}},"migrateDeviceData":{{{(migrateDeviceData ? "true" : "false")}}}}}
            """;
        await client.PutAsync("/enrollmentGroups/moving", Group("hub-a.dps-emulator.local"));
        var first = (await emu.ProvisionAsync("mover-1", key: Sas.DeriveKey(key, "mover-1"))).GetProperty("registrationState");
        Assert.Equal("hub-a.dps-emulator.local", first.GetProperty("assignedHub").GetString());

        await client.PutAsync("/enrollmentGroups/moving", Group("hub-b.dps-emulator.local"));
        var again = (await emu.ProvisionAsync("mover-1", key: Sas.DeriveKey(key, "mover-1"))).GetProperty("registrationState");

        Assert.Equal((hub, substatus), (again.GetProperty("assignedHub").GetString(), again.GetProperty("substatus").GetString()));
        Assert.Equal(first.GetProperty("createdDateTimeUtc").GetString(), again.GetProperty("createdDateTimeUtc").GetString());
        Assert.Equal(hub, emu.Server.GetRegistration("mover-1")!.AssignedHub);
    }

    [Fact]
    public async Task Back_on_its_first_hub_a_device_is_reprovisioned_to_its_initial_assignment_also_after_a_restart()
    {
        using var folder = new TempFolder();
        var key = SymmetricKeys.GenerateKey();
        string Group(string hubName) => $$$"""{"attestation":{"type":"symmetricKey","symmetricKey":{"primaryKey":"{{{key}}}"}},"iotHubs":["{{{hubName}}}"]}""";
        await using (var emu = await TestEmulator.StartAsync(folder: folder.Path, addGroup: false))
        {
            var client = new ServiceClient(emu);
            await client.PutAsync("/enrollmentGroups/home", Group("home.dps-emulator.local"));
            await emu.ProvisionAsync("roamer-1", key: Sas.DeriveKey(key, "roamer-1"));
            await client.PutAsync("/enrollmentGroups/home", Group("away.dps-emulator.local"));
            Assert.Equal("deviceDataMigrated", (await emu.ProvisionAsync("roamer-1", key: Sas.DeriveKey(key, "roamer-1"))).GetProperty("registrationState").GetProperty("substatus").GetString());
            await client.PutAsync("/enrollmentGroups/home", Group("home.dps-emulator.local"));
        }

        await using var restarted = await TestEmulator.StartAsync(folder: folder.Path, addGroup: false);
        var back = (await restarted.ProvisionAsync("roamer-1", key: Sas.DeriveKey(key, "roamer-1"))).GetProperty("registrationState");
        Assert.Equal(("home.dps-emulator.local", "reprovisionedToInitialAssignment"), (back.GetProperty("assignedHub").GetString(), back.GetProperty("substatus").GetString()));
    }
}
