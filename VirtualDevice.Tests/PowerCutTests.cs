using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Cli;
using NanoDps.VirtualDevice.Tests.Support;
using Xunit.Abstractions;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// Power cut while the record is written, at every step of RecordStore.Save (delete the old temp file,
/// write the temp file, delete the record, rename): the next boot finds the old record or the new
/// one, never a corrupt one, and boots correctly from there.
/// </summary>
public sealed class PowerCutTests : IDisposable
{
    /// <summary>The changes of record files one Save makes: delete temp, write temp, delete record, rename.</summary>
    private const int SaveSteps = 4;

    private readonly DeviceHarness _device = new();
    private readonly ITestOutputHelper _output;

    public PowerCutTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task A_cut_while_replacing_a_record_leaves_the_old_or_the_new_one_and_the_device_boots_correctly()
    {
        await using var dps = await TestEmulator.StartAsync();
        string oldConfig = _device.Config(dps);
        string newConfig = _device.Config(dps, new Dictionary<string, object?> { ["groupKey"] = dps.SecondaryKey }, "new.json");

        // A provisioned board (the old record), and the record it will write for the new key.
        string template = _device.Temp.Sub("template");
        Assert.Equal(0, (await _device.RunAsync(_device.Options(dps, oldConfig, template))).ExitCode);
        ProvisioningRecord old = DeviceHarness.StoredRecord(template)!;
        string reference = _device.Temp.Sub("reference");
        Copy(template, reference);
        Assert.Equal(0, (await _device.RunAsync(_device.Options(dps, newConfig, reference))).ExitCode);
        ProvisioningRecord fresh = DeviceHarness.StoredRecord(reference)!;
        Assert.NotEqual(old.ConfigFingerprint, fresh.ConfigFingerprint);

        for (int step = 1; step <= SaveSteps; step++)
        {
            string flash = _device.Temp.Sub("cut-" + step);
            Copy(template, flash);
            PowerCutFlash? cut = null;
            RunOptions options = _device.Options(dps, newConfig, flash);
            RunResult cutRun = await _device.RunAsync(options, new RunHooks { WrapFlash = inner => cut = new PowerCutFlash(inner, flash, step) });
            _output.WriteLine($"cut at step {step}: {string.Join(", ", cut!.Steps)}");
            Assert.True(cut.Cut, cutRun.ToString());
            Assert.True(cutRun.ExitCode == ExitCodes.Refused, cutRun.ToString());
            if (cut.Steps[^1].StartsWith("write", StringComparison.Ordinal))
            {
                Assert.Null(ProvisioningRecord.Parse(File.ReadAllText(Path.Combine(flash, ProvisioningRecord.FileName + ".tmp")))); // really half-written
            }

            // Power back: the record is the old one or the new one, whole.
            ProvisioningRecord? found = DeviceHarness.StoredRecord(flash);
            Assert.NotNull(found);
            bool isNew = found.ToText() == Retimed(fresh, found).ToText();
            Assert.True(isNew || found.ToText() == old.ToText(), $"step {step}: neither the old nor the new record:\n{found.ToText()}");

            // The boot after it: with the new record no DPS request; with the old one the key changed, so it provisions again.
            dps.Server.RequestLog.Clear();
            RunResult reboot = await _device.RunAsync(options);
            Assert.True(reboot.ExitCode == 0, reboot.ToString());
            Assert.Equal(isNew ? 0 : 2, dps.DpsRequests().Count);
            Assert.Contains(isNew ? "boot decision: stored assignment" : "boot decision: DPS (the key changed)", reboot.Stdout);
            Assert.Equal(fresh.ConfigFingerprint, DeviceHarness.StoredRecord(flash)!.ConfigFingerprint);
        }
    }

    [Fact]
    public async Task A_cut_while_writing_the_first_record_leaves_none_or_the_new_one()
    {
        await using var dps = await TestEmulator.StartAsync();
        string config = _device.Config(dps);
        string preset = _device.Temp.Sub("preset");
        DeviceHarness.PresetMac(preset);

        for (int step = 1; step <= SaveSteps; step++)
        {
            string flash = _device.Temp.Sub("first-cut-" + step);
            Copy(preset, flash);
            RunOptions options = _device.Options(dps, config, flash);
            PowerCutFlash? cut = null;
            RunResult cutRun = await _device.RunAsync(options, new RunHooks { WrapFlash = inner => cut = new PowerCutFlash(inner, flash, step) });
            Assert.True(cut!.Cut, cutRun.ToString());

            ProvisioningRecord? found = DeviceHarness.StoredRecord(flash);
            dps.Server.RequestLog.Clear();
            RunResult reboot = await _device.RunAsync(options);
            Assert.True(reboot.ExitCode == 0, reboot.ToString());
            Assert.Equal(found is null ? 2 : 0, dps.DpsRequests().Count);
            Assert.NotNull(DeviceHarness.StoredRecord(flash));
        }
    }

    /// <summary>The new record as it would read with the assignment time of <paramref name="found"/> (each boot stamps its own).</summary>
    private static ProvisioningRecord Retimed(ProvisioningRecord fresh, ProvisioningRecord found) =>
        new(fresh.AssignedHub, fresh.DeviceId, fresh.RegistrationId, fresh.IdScope, fresh.Endpoint, found.AssignedAtUnix, fresh.ConfigFingerprint);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    public void Dispose() => _device.Dispose();
}
