using System.Text.Json;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// --config deploys device.json into the flash folder as nanoff --filedeployment deploys it to I:\
/// (copied over), and the board's first boot takes the group key out of it; keepGroupKey opts out.
/// </summary>
public sealed class DeploymentTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    private string Deployed() => File.ReadAllText(Path.Combine(_device.Flash, "device.json"));

    [Fact]
    public async Task A_deployed_group_key_is_replaced_by_the_derived_key_and_a_redeployment_is_copied_over_again()
    {
        await using var dps = await TestEmulator.StartAsync();
        string registrationId = DeviceHarness.PresetMac(_device.Flash);
        var options = _device.Options(dps, _device.Config(dps, new Dictionary<string, object?> { ["telemetryIntervalSeconds"] = 30 }));

        RunResult first = await _device.RunAsync(options);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("deployed        device.json, copied over the one in the flash folder (as nanoff --filedeployment does)", first.Stdout);
        using (JsonDocument config = JsonDocument.Parse(Deployed()))
        {
            Assert.Equal(Secrets.DeriveKey(dps.GroupKey, registrationId), config.RootElement.GetProperty("deviceKey").GetString());
            Assert.Equal(registrationId, config.RootElement.GetProperty("registrationId").GetString());
            Assert.Equal(30, config.RootElement.GetProperty("telemetryIntervalSeconds").GetInt32());
            Assert.Equal(dps.IdScope, config.RootElement.GetProperty("idScope").GetString());
            Assert.False(config.RootElement.TryGetProperty("groupKey", out _));
        }

        // The same file deployed again: the group key is back in flash until the boot takes it out again; same key, so no DPS request.
        dps.Server.RequestLog.Clear();
        RunResult again = await _device.RunAsync(options);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Empty(dps.DpsRequests());
        Assert.Contains("device.json: group key replaced by the device key", again.Stdout);
        Assert.DoesNotContain(dps.GroupKey, Deployed());
    }

    [Fact]
    public async Task Every_file_of_the_flash_folder_is_0600_the_group_key_of_keepGroupKey_included()
    {
        await using var dps = await TestEmulator.StartAsync();
        string path = _device.Config(dps, new Dictionary<string, object?> { ["keepGroupKey"] = true });
        Directory.CreateDirectory(_device.Flash);
        File.WriteAllText(Path.Combine(_device.Flash, "device.json"), "{}"); // an older copy, world-readable
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(_device.Flash, "device.json"), (UnixFileMode)0b110_100_100);
        }

        RunResult run = await _device.RunAsync(_device.Options(dps, path));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(File.ReadAllText(path), Deployed()); // the group key stays in it
        foreach (string file in Directory.GetFiles(_device.Flash))
        {
            if (!OperatingSystem.IsWindows())
            {
                Assert.True(File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{file}: {File.GetUnixFileMode(file)}");
            }
        }
    }

    [Fact]
    public async Task KeepGroupKey_leaves_the_deployed_file_as_it_is()
    {
        await using var dps = await TestEmulator.StartAsync();
        string path = _device.Config(dps, new Dictionary<string, object?> { ["keepGroupKey"] = true });

        RunResult run = await _device.RunAsync(_device.Options(dps, path));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(File.ReadAllText(path), Deployed());
        Assert.Contains("device.json: group key kept (keepGroupKey)", run.Stdout);
    }

    [Fact]
    public async Task The_repository_template_is_refused_by_field_name_before_the_flash_folder_is_touched()
    {
        _device.Secrets.Add("nothing secret is used here", "not-a-secret-" + Guid.NewGuid());
        string template = Path.Combine(DeviceHarness.RepositoryRoot, "config", "device.json");

        RunResult run = _device.Check(await _device.CliAsync("--config", template, "--flash", _device.Flash));

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("  idScope: still holds the template's <...> placeholder: replace it with the ID Scope from the DPS overview page", run.Stderr);
        Assert.Contains("  groupKey: still holds the template's <...> placeholder: replace it with the enrollment group's primary key", run.Stderr);
        Assert.Contains("note: wifiSsid and wifiPassword are ignored", run.Stderr);
        Assert.DoesNotContain("wifiPassword: still holds", run.Stderr);
        Assert.False(Directory.Exists(_device.Flash));
    }

    [Fact]
    public async Task A_flash_folder_that_cannot_be_written_exits_4_in_one_line()
    {
        await using var dps = await TestEmulator.StartAsync();
        string notAFolder = _device.Temp.Sub("flash-is-a-file");
        File.WriteAllText(notAFolder, "x");

        RunResult run = await _device.RunAsync(_device.Options(dps, _device.Config(dps), notAFolder));

        Assert.True(run.ExitCode == ExitCodes.Environment, run.ToString());
        string error = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: the flash folder " + notAFolder + " cannot be written (", error);
        Assert.EndsWith("): choose another with --flash.", error.TrimEnd());
        Assert.DoesNotContain("Virtual ESP32", run.Stdout);
        Assert.Empty(dps.Server.RequestLog.Snapshot());
    }

    [Fact]
    public async Task A_flash_folder_where_the_record_cannot_be_written_is_refused_before_any_request()
    {
        await using var dps = await TestEmulator.StartAsync();
        Directory.CreateDirectory(Path.Combine(_device.Flash, "nanodps.rec.tmp"));

        RunResult run = await _device.RunAsync(_device.Options(dps, _device.Config(dps)));

        Assert.True(run.ExitCode == ExitCodes.Environment, run.ToString());
        Assert.Equal(
            $"error: the flash folder {_device.Flash} cannot be written (nanodps.rec.tmp in it is a folder, where the board keeps a file): choose another with --flash.",
            run.Stderr.Trim());
        Assert.Empty(dps.Server.RequestLog.Snapshot());
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task An_assignment_that_cannot_be_saved_is_said_so_and_exits_4()
    {
        // The folder passes the check, then the write of the record fails (a folder appears where its temp file goes).
        await using var dps = await TestEmulator.StartAsync();
        var hooks = new Cli.RunHooks { WrapFlash = inner => new FolderInTheWay(inner, Path.Combine(_device.Flash, "nanodps.rec.tmp")) };

        RunResult run = await _device.RunAsync(_device.Options(dps, _device.Config(dps)), hooks);

        Assert.True(run.ExitCode == ExitCodes.Environment, run.ToString());
        Assert.Matches(@"ERROR failed boot 1 in a row: assignment to hub-\d\.dps-emulator\.local not saved \(", run.Stdout);
        Assert.Contains($"Result: NOT PROVISIONED: the flash folder {_device.Flash} cannot be written (nanodps.rec.tmp: ", run.Stdout);
        Assert.Contains("exit code       4", run.Stdout);
        string error = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: the flash folder {_device.Flash} cannot be written (nanodps.rec.tmp: ", error);
        Assert.Null(DeviceHarness.StoredRecord(_device.Flash));
    }

    public void Dispose() => _device.Dispose();

    private sealed class FolderInTheWay(Provisioning.IFlashStore inner, string path) : Provisioning.IFlashStore
    {
        public string? ReadText(string name) => inner.ReadText(name);

        public void WriteText(string name, string text)
        {
            if (name == Path.GetFileName(path))
            {
                Directory.CreateDirectory(path);
            }

            inner.WriteText(name, text);
        }

        public void Rename(string from, string to) => inner.Rename(from, to);

        public void Delete(string name) => inner.Delete(name);
    }
}
