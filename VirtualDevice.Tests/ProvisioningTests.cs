using NanoDps.Emulator;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>Group and individual enrollments, the second boot, config changes and the hub's rejection, over real HTTPS.</summary>
public sealed class ProvisioningTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    [Fact]
    public async Task Group_enrollment_provisions_and_the_second_boot_sends_no_DPS_request()
    {
        await using var dps = await TestEmulator.StartAsync();
        var options = _device.Options(dps, _device.Config(dps));

        RunResult first = await _device.RunAsync(options);

        Assert.True(first.ExitCode == 0, first.ToString());
        string registrationId = Assert.Single(dps.DpsRequests().Select(e => e.RegistrationId).Distinct())!;
        Assert.Matches("^nanodps-[0-9a-f]{12}$", registrationId);
        Assert.Equal(RequestKind.Register, dps.DpsRequests()[0].Kind);
        Assert.Equal(2, dps.DpsRequests().Count); // register, then one poll: the emulator assigns at once
        Assert.True(dps.DpsRequests()[1].StartUtc - dps.DpsRequests()[0].StartUtc >= TimeSpan.FromSeconds(2), "polled sooner than 2 s (Retry-After 1 s is raised to the floor)");
        Assert.Contains("answer: 202 assigning; DPS asks to poll again after 1 s", first.Stdout);
        Assert.Contains("waiting 2.0 s before polling the operation (DPS asked for 1 s; at least 2.0 s between polls: DPS allows 5 polls per 10 s)", first.Stdout);
        Assert.Contains("Result: PROVISIONED", first.Stdout);
        Assert.Contains("DPS requests    2", first.Stdout);
        var record = DeviceHarness.StoredRecord(_device.Flash);
        Assert.NotNull(record);
        Assert.Equal(dps.Server.GetRegistration(registrationId)!.AssignedHub, record.AssignedHub);
        Assert.Contains("assigned hub    " + record.AssignedHub, first.Stdout);
        Assert.Contains("device id       " + registrationId, first.Stdout);
        HubMessage proof = Assert.Single(dps.Server.Messages.Snapshot());
        Assert.Equal(registrationId, proof.DeviceId);
        Assert.Equal(record.AssignedHub, proof.IotHub);
        Assert.Equal(1, first.MaxInFlight);

        dps.Server.RequestLog.Clear();
        RunResult second = await _device.RunAsync(options);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(dps.DpsRequests());
        Assert.Single(dps.HubRequests());
        Assert.Contains("Result: ALREADY PROVISIONED", second.Stdout);
        Assert.Contains("no DPS request", second.Stdout);
        Assert.Contains("DPS requests    0", second.Stdout);
        Assert.Equal(2, dps.Server.Messages.Count);
    }

    [Fact]
    public async Task A_first_boot_makes_one_DPS_handshake_and_one_hub_handshake_a_later_boot_one_hub_handshake()
    {
        // The emulator assigns after 3 s, so the register is followed by several polls on the kept connection.
        await using var dps = await TestEmulator.StartAsync(o => o.AssignmentDelay = TimeSpan.FromSeconds(3));
        var options = _device.Options(dps, _device.Config(dps));

        RunResult first = await _device.RunAsync(options);

        Assert.True(first.ExitCode == 0, first.ToString());
        string registrationId = dps.DpsRequests()[0].RegistrationId!;
        Assert.True(dps.DpsRequests().Count >= 3, "register and at least two polls: " + dps.DpsRequests().Count);
        Assert.Equal(new TlsConnectionCount(1, 1), dps.Server.RequestLog.TlsConnections(registrationId));
        Assert.Contains("TLS handshakes  2 this boot (1 to DPS, 1 to the hub)", first.Stdout);

        dps.Server.RequestLog.Clear();
        RunResult later = await _device.RunAsync(options);

        Assert.True(later.ExitCode == 0, later.ToString());
        Assert.Equal(new TlsConnectionCount(0, 1), dps.Server.RequestLog.TlsConnections(registrationId));
        Assert.Contains("TLS handshakes  1 this boot (0 to DPS, 1 to the hub)", later.Stdout);
    }

    [Fact]
    public async Task Individual_enrollment_provisions_with_its_own_key_and_device_id()
    {
        await using var dps = await TestEmulator.StartAsync();
        string key = SymmetricKeys.GenerateKey(32);
        await dps.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment
        {
            RegistrationId = "sensor-17",
            DeviceId = "boiler-room-sensor",
            PrimaryKey = key,
            IotHubs = [TestEmulator.Hub2],
            AllocationPolicy = AllocationPolicy.Static,
        });
        var options = _device.Options(dps, _device.Config(dps, new Dictionary<string, object?>
        {
            ["groupKey"] = null,
            ["deviceKey"] = key,
            ["registrationId"] = "sensor-17",
        }));

        RunResult first = await _device.RunAsync(options);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains(", device key", first.Stdout);
        Assert.Contains("registration id: sensor-17 (from device.json)", first.Stdout);
        Assert.All(dps.DpsRequests(), e => Assert.Equal("sensor-17", e.RegistrationId));
        var record = DeviceHarness.StoredRecord(_device.Flash)!;
        Assert.Equal("boiler-room-sensor", record.DeviceId);
        Assert.Equal(TestEmulator.Hub2, record.AssignedHub);
        Assert.Equal("boiler-room-sensor", Assert.Single(dps.Server.Messages.Snapshot()).DeviceId);

        dps.Server.RequestLog.Clear();
        RunResult second = await _device.RunAsync(options);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(dps.DpsRequests());
    }

    [Fact]
    public async Task A_new_key_provisions_again_then_the_next_boot_does_not()
    {
        await using var dps = await TestEmulator.StartAsync();
        var primary = _device.Options(dps, _device.Config(dps));
        Assert.Equal(0, (await _device.RunAsync(primary)).ExitCode);
        dps.Server.RequestLog.Clear();

        // The enrollment's secondary key: same registration id, another derived key.
        var secondary = _device.Options(dps, _device.Config(dps, new Dictionary<string, object?> { ["groupKey"] = dps.SecondaryKey }, "secondary.json"));
        RunResult changed = await _device.RunAsync(secondary);

        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Contains("boot decision: DPS (the key changed)", changed.Stdout);
        Assert.Equal(RequestKind.Register, dps.DpsRequests()[0].Kind);

        dps.Server.RequestLog.Clear();
        RunResult again = await _device.RunAsync(secondary);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Empty(dps.DpsRequests());
    }

    [Fact]
    public async Task A_new_id_scope_provisions_again_against_the_new_DPS()
    {
        await using var first = await TestEmulator.StartAsync();
        await using var second = await TestEmulator.StartAsync();
        Assert.NotEqual(first.IdScope, second.IdScope);
        Assert.Equal(0, (await _device.RunAsync(_device.Options(first, _device.Config(first)))).ExitCode);

        RunResult moved = await _device.RunAsync(_device.Options(second, _device.Config(second, name: "second.json")));

        Assert.True(moved.ExitCode == 0, moved.ToString());
        Assert.Contains("boot decision: DPS (the id scope changed)", moved.Stdout);
        Assert.NotEmpty(second.DpsRequests());
        Assert.Equal(second.IdScope, DeviceHarness.StoredRecord(_device.Flash)!.IdScope);
    }

    [Fact]
    public async Task A_hub_that_no_longer_knows_the_device_makes_it_provision_again_once()
    {
        var options = default(Cli.RunOptions);
        string scope;
        string groupKey;
        string secondaryKey;
        await using (var before = await TestEmulator.StartAsync())
        {
            options = _device.Options(before, _device.Config(before));
            Assert.Equal(0, (await _device.RunAsync(options)).ExitCode);
            (scope, groupKey, secondaryKey) = (before.IdScope, before.GroupKey, before.SecondaryKey);
        }

        // The same DPS instance and enrollment, but its registrations (and so the hubs' devices) are gone.
        await using var after = await TestEmulator.StartAsync(idScope: scope, groupKey: groupKey, secondaryKey: secondaryKey);
        options.Resolve = after.Resolve;
        options.CaFiles = [after.Server.CaCertificatePath];

        RunResult run = await _device.RunAsync(options);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("boot decision: stored assignment", run.Stdout);
        Assert.Contains("hub proof: refused (HTTP 404", run.Stdout);
        Assert.Contains("registering again: the assigned hub rejected the device (once per boot)", run.Stdout);
        Assert.Contains("boot decision: DPS (the assigned hub rejected the device)", run.Stdout);
        Assert.Equal([404, 204], after.HubRequests().Select(e => e.Status));
        Assert.Equal(RequestKind.Register, after.DpsRequests()[0].Kind);
    }

    public void Dispose() => _device.Dispose();
}
