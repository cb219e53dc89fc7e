using NanoDps.VirtualDevice.Cli;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// A host name that does not resolve is named as such, and a run against a separately started emulator
/// without its --resolve options says which to add, instead of only "the hub did not take the proof".
/// </summary>
public sealed class ResolveHintTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    [Fact]
    public async Task A_separately_started_emulator_without_resolve_for_its_hubs_gets_the_option_to_add()
    {
        // As the emulator's own device.json: endpoint localhost:<port> (DNS knows localhost), its CA, no --resolve.
        await using var dps = await TestEmulator.StartAsync();
        string config = _device.Config(dps, new Dictionary<string, object?> { ["endpoint"] = $"localhost:{dps.Server.Port}" });
        var options = new RunOptions { ConfigPath = config, FlashFolder = _device.Flash, CaFiles = [dps.Server.CaCertificatePath] };

        RunResult run = await _device.RunAsync(options);

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        string hub = DeviceHarness.StoredRecord(_device.Flash)!.AssignedHub;
        Assert.Contains("Result: NOT PROVISIONED: assigned to " + hub + ", but the hub did not take the proof message", run.Stdout);
        Assert.Contains($"hint            {hub} is a DPS emulator's hub: add --resolve {hub}=127.0.0.1:{dps.Server.Port} (the emulator prints the whole command)", run.Stdout);
        Assert.Empty(dps.HubRequests());
    }

    [Fact]
    public async Task A_DPS_name_that_does_not_resolve_is_blamed_on_DNS_not_on_throttling()
    {
        string groupKey = Emulator.SymmetricKeys.GenerateKey();
        _device.Secrets.AddGroupKey(groupKey);
        string config = _device.Temp.Sub("device.json");
        File.WriteAllText(config, $$"""{ "idScope": "0ne00000A0A", "endpoint": "dps.nanodps-test.invalid", "groupKey": "{{groupKey}}", "deadlineSeconds": 300 }""");
        var clock = new VirtualClock();
        var options = new RunOptions { ConfigPath = config, FlashFolder = _device.Flash, Resolve = ["localhost=127.0.0.1:9"] };

        RunResult run = await _device.RunAsync(options, new RunHooks { Clock = clock, Delay = clock });

        Assert.True(run.ExitCode == ExitCodes.Deadline, run.ToString());
        Assert.Contains("WARN  no answer: DNS: the name dps.nanodps-test.invalid could not be resolved (", run.Stdout);
        Assert.Matches(@"Seen: the name dps\.nanodps-test\.invalid could not be resolved \(DNS\) for (\d+) of \1 request\(s\)\. Check endpoint in device\.json and this network's DNS", run.Stdout);
        Assert.Contains("hint            DNS has no address for dps.nanodps-test.invalid: if it is a DPS emulator's name, add --resolve dps.nanodps-test.invalid=127.0.0.1:<port>", run.Stdout);
        Assert.DoesNotContain("throttl", run.Stdout);
    }

    public void Dispose() => _device.Dispose();
}
