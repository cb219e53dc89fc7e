using System.Net;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>Enrollment groups and individual enrollments: allocation, enabled/disabled, outcomes.</summary>
public sealed class EnrollmentTests
{
    [Fact]
    public async Task Hashed_allocation_is_stable_per_device_and_uses_every_hub()
    {
        await using var emu = await TestEmulator.StartAsync();
        var hubs = new Dictionary<string, string>();
        for (var i = 0; i < 12; i++)
        {
            var id = $"hashed-{i}";
            hubs[id] = (await emu.ProvisionAsync(id)).GetProperty("registrationState").GetProperty("assignedHub").GetString()!;
        }

        Assert.Equal(2, hubs.Values.Distinct().Count());
        foreach (var (id, hub) in hubs)
        {
            var expected = new[] { TestEmulator.Hub1, TestEmulator.Hub2 }[Assignments.HashedIndex(id, 2)];
            Assert.Equal(expected, hub);
        }

        // Another emulator (other folder, same hubs) puts each device on the same hub.
        await using var other = await TestEmulator.StartAsync();
        Assert.Equal(hubs["hashed-3"], (await other.ProvisionAsync("hashed-3")).GetProperty("registrationState").GetProperty("assignedHub").GetString());
    }

    [Fact]
    public async Task Static_allocation_always_picks_the_first_hub()
    {
        await using var emu = await TestEmulator.StartAsync(addGroup: false);
        var key = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup
        {
            EnrollmentGroupId = "static-group",
            PrimaryKey = key,
            IotHubs = ["static-a.dps-emulator.local", "static-b.dps-emulator.local"],
            AllocationPolicy = AllocationPolicy.Static,
        });

        for (var i = 0; i < 6; i++)
        {
            var id = $"static-{i}";
            var state = (await emu.ProvisionAsync(id, key: Sas.DeriveKey(key, id))).GetProperty("registrationState");
            Assert.Equal("static-a.dps-emulator.local", state.GetProperty("assignedHub").GetString());
        }
    }

    [Fact]
    public async Task Individual_enrollment_uses_its_own_key_and_device_id()
    {
        await using var emu = await TestEmulator.StartAsync();
        var key = SymmetricKeys.GenerateKey(32);
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment
        {
            RegistrationId = "solo-1",
            DeviceId = "solo-device",
            PrimaryKey = key,
            IotHubs = ["solo-hub.dps-emulator.local"],
        });

        var state = (await emu.ProvisionAsync("solo-1", key: key)).GetProperty("registrationState");

        Assert.Equal("solo-hub.dps-emulator.local", state.GetProperty("assignedHub").GetString());
        Assert.Equal("solo-device", state.GetProperty("deviceId").GetString());
        Assert.Equal("solo-1", state.GetProperty("registrationId").GetString());
    }

    [Fact]
    public async Task Individual_enrollment_takes_precedence_over_the_groups()
    {
        await using var emu = await TestEmulator.StartAsync();
        var individualKey = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment
        {
            RegistrationId = "overridden-1",
            PrimaryKey = individualKey,
            IotHubs = [TestEmulator.Hub1],
        });

        // A key derived from the group no longer works for this id...
        using var response = await emu.RegisterAsync("overridden-1");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        // ...and the individual enrollment's own key does, with its own allocation.
        var assigned = await emu.ProvisionAsync("overridden-1", key: individualKey);
        Assert.Equal("assigned", assigned.GetProperty("status").GetString());
        Assert.Equal(TestEmulator.Hub1, assigned.GetProperty("registrationState").GetProperty("assignedHub").GetString());
    }

    [Fact]
    public async Task Secondary_keys_work_for_groups_and_individuals()
    {
        await using var emu = await TestEmulator.StartAsync();
        var secondary = emu.Server.Enrollments.Groups.Single().SecondaryKey!;
        var individualSecondary = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment
        {
            RegistrationId = "solo-2",
            PrimaryKey = SymmetricKeys.GenerateKey(),
            SecondaryKey = individualSecondary,
            IotHubs = [TestEmulator.Hub1],
        });

        Assert.Equal("assigned", (await emu.ProvisionAsync("second-1", key: Sas.DeriveKey(secondary, "second-1"))).GetProperty("status").GetString());
        Assert.Equal("assigned", (await emu.ProvisionAsync("solo-2", key: individualSecondary)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Disabled_group_answers_200_with_status_disabled_and_assigns_nothing()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.Server.Enrollments.SetGroupEnabledAsync("group-1", false);

        var result = await emu.ProvisionAsync("off-1");

        Assert.Equal("disabled", result.GetProperty("status").GetString());
        Assert.Equal("disabled", result.GetProperty("registrationState").GetProperty("status").GetString());
        Assert.False(result.GetProperty("registrationState").TryGetProperty("assignedHub", out _));
        Assert.Null(emu.Server.GetRegistration("off-1"));
        using var status = await emu.StatusAsync("off-1");
        Assert.Equal("disabled", (await TestEmulator.Json(status)).GetProperty("status").GetString());

        await emu.Server.Enrollments.SetGroupEnabledAsync("group-1", true);
        Assert.Equal("assigned", (await emu.ProvisionAsync("off-1")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Disabled_individual_enrollment_answers_status_disabled()
    {
        await using var emu = await TestEmulator.StartAsync();
        var key = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment
        {
            RegistrationId = "solo-off",
            PrimaryKey = key,
            IotHubs = [TestEmulator.Hub1],
            Enabled = false,
        });

        var result = await emu.ProvisionAsync("solo-off", key: key);

        Assert.Equal("disabled", result.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Enrollment_without_hubs_allocates_over_the_linked_hubs()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.LinkedHubs = ["linked-a.dps-emulator.local", "linked-b.dps-emulator.local"]);
        var key = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment { RegistrationId = "linked-1", PrimaryKey = key, IotHubs = [] });

        var state = (await emu.ProvisionAsync("linked-1", key: key)).GetProperty("registrationState");

        var expected = new[] { "linked-a.dps-emulator.local", "linked-b.dps-emulator.local" }[Assignments.HashedIndex("linked-1", 2)];
        Assert.Equal(expected, state.GetProperty("assignedHub").GetString());
        Assert.Contains("linked-a.dps-emulator.local", emu.Server.Enrollments.HubNames);
    }

    [Fact]
    public async Task Enrollment_without_hubs_fails_with_400208_when_no_hub_is_linked()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.LinkedHubs = []);
        var key = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment { RegistrationId = "nohub-1", PrimaryKey = key, IotHubs = [] });

        var result = await emu.ProvisionAsync("nohub-1", key: key);

        Assert.Equal("failed", result.GetProperty("status").GetString());
        var state = result.GetProperty("registrationState");
        Assert.Equal("failed", state.GetProperty("status").GetString());
        Assert.Equal(400208, state.GetProperty("errorCode").GetInt32());
        Assert.False(string.IsNullOrEmpty(state.GetProperty("errorMessage").GetString()));
    }

    [Fact]
    public async Task Enrollment_removed_while_assigning_fails_with_404201()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.AssignmentDelay = TimeSpan.FromSeconds(2));
        var key = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment { RegistrationId = "gone-1", PrimaryKey = key, IotHubs = [TestEmulator.Hub1] });
        var token = emu.Token("gone-1", key);
        using var register = await emu.RegisterAsync("gone-1", token);
        var operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;

        Assert.True(await emu.Server.Enrollments.RemoveIndividualAsync("gone-1"));
        // Now the group covers the id: the poll authenticates with the derived key, the operation fails.
        emu.Time!.Advance(TimeSpan.FromSeconds(3));
        using var poll = await emu.PollAsync("gone-1", operationId);

        var result = await TestEmulator.Json(poll);
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.Equal("failed", result.GetProperty("status").GetString());
        Assert.Equal(404201, result.GetProperty("registrationState").GetProperty("errorCode").GetInt32());
    }

    [Fact]
    public async Task Invalid_enrollments_are_refused()
    {
        await using var emu = await TestEmulator.StartAsync(addGroup: false);
        {
            var enrollments = emu.Server.Enrollments;
            await Assert.ThrowsAsync<ArgumentException>(() => enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup { EnrollmentGroupId = "g", PrimaryKey = "not base64!", IotHubs = [] }));
            await Assert.ThrowsAsync<ArgumentException>(() => enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup { EnrollmentGroupId = "g", PrimaryKey = Convert.ToBase64String(new byte[8]), IotHubs = [] }));
            await Assert.ThrowsAsync<ArgumentException>(() => enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup { EnrollmentGroupId = "g", PrimaryKey = SymmetricKeys.GenerateKey(), IotHubs = ["bad hub name"] }));
            await Assert.ThrowsAsync<ArgumentException>(() => enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment { RegistrationId = "-bad", PrimaryKey = SymmetricKeys.GenerateKey(), IotHubs = [] }));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => enrollments.SetGroupEnabledAsync("missing", false));
            Assert.Empty(enrollments.Groups);
        }
    }
}
