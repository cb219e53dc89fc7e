using System.Diagnostics;
using System.Text.Json;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>The real program, started as a user starts it (dotnet VirtualDevice.dll, no arguments), in an empty working directory.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    [Fact]
    public async Task The_first_run_provisions_and_leaves_only_the_derived_key_the_second_finds_the_assignment_and_the_key_alone_registers_again()
    {
        string flash = Path.Combine(_device.Temp.Path, ".virtual-device");
        RunResult first = await RunProgramAsync();
        LearnSecrets();
        _device.Check(first);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Result: PROVISIONED", first.Stdout);
        Assert.Contains("DPS requests    2", first.Stdout);
        Assert.True(File.Exists(Path.Combine(flash, "nanodps.rec")));
        Assert.True(File.Exists(Path.Combine(flash, "emulator", "ca.pem")));

        // device.json in the flash folder: the derived key (computed here with .NET's own HMAC, not the core's code), its id, no group key.
        string registrationId = RegistrationId();
        string deployed = File.ReadAllText(Path.Combine(flash, "device.json"));
        using (JsonDocument config = JsonDocument.Parse(deployed))
        {
            Assert.Equal(Secrets.DeriveKey(DemoGroupKey(), registrationId), config.RootElement.GetProperty("deviceKey").GetString());
            Assert.Equal(registrationId, config.RootElement.GetProperty("registrationId").GetString());
            Assert.False(config.RootElement.TryGetProperty("groupKey", out _), deployed);
        }

        Assert.DoesNotContain(DemoGroupKey(), deployed);
        Assert.False(File.Exists(Path.Combine(flash, "device.json.tmp")));

        RunResult second = _device.Check(await RunProgramAsync());

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Result: ALREADY PROVISIONED", second.Stdout);
        Assert.Contains("DPS requests    0", second.Stdout);
        Assert.DoesNotContain("request 1:", second.Stdout);
        Assert.Contains("deployed        nothing: the flash folder's device.json is this emulator's already", second.Stdout);
        Assert.Equal(deployed, File.ReadAllText(Path.Combine(flash, "device.json")));

        // Without the stored assignment the board registers again, with the derived key alone (the emulator checks the signature).
        File.Delete(Path.Combine(flash, "nanodps.rec"));
        RunResult third = _device.Check(await RunProgramAsync());

        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("Result: PROVISIONED", third.Stdout);
        Assert.Contains("DPS requests    2", third.Stdout);
        Assert.Contains("device key: from device.json", third.Stdout);
        Assert.Contains("boot count      3", third.Stdout);
    }

    [Fact]
    public async Task A_missing_config_exits_2_and_leaves_no_flash_folder()
    {
        _device.Secrets.Add("nothing secret is used here", "not-a-secret-" + Guid.NewGuid());
        RunResult run = _device.Check(await RunProgramAsync("--config", "device.json"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("device.json: does not exist", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_device.Temp.Path, ".virtual-device")));
    }

    [Theory]
    [InlineData("INT", 130, "Ctrl+C")]
    [InlineData("TERM", 143, "SIGTERM")]
    public async Task Ctrl_c_or_sigterm_powers_the_board_off_at_once_with_the_in_process_emulator_running(string signal, int exitCode, string name)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = _device.Temp.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VirtualDevice.dll"));
        using var process = Process.Start(start)!;
        var stdout = new System.Text.StringBuilder();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }

            // Registered; the board now waits Retry-After (3 s) before its first poll.
            if (e.Data?.Contains("before polling the operation", StringComparison.Ordinal) == true)
            {
                waiting.TrySetResult();
            }
        };
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.BeginOutputReadLine();
        try
        {
            await waiting.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var sent = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(sent.Elapsed < TimeSpan.FromSeconds(2), $"stopped {sent.Elapsed.TotalSeconds:0.0} s after the signal");
            string output;
            lock (stdout)
            {
                output = stdout.ToString();
            }

            LearnSecrets();
            RunResult run = _device.Check(new RunResult(process.ExitCode, output, await error, [], 0));
            Assert.True(run.ExitCode == exitCode, run.ToString());
            Assert.Contains($"Power off ({name}): the virtual board stops here", run.Stdout);
            Assert.DoesNotContain("Result:", run.Stdout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private string DemoGroupKey()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(_device.Temp.Path, ".virtual-device", "emulator", "enrollments.json")));
        return file.RootElement.GetProperty("enrollmentGroups").EnumerateArray()
            .First(g => g.GetProperty("enrollmentGroupId").GetString() == "demo-group").GetProperty("primaryKey").GetString()!;
    }

    private string RegistrationId() =>
        "nanodps-" + File.ReadAllText(Path.Combine(_device.Temp.Path, ".virtual-device", Board.VirtualMac.FileName)).Trim().Replace(":", string.Empty, StringComparison.Ordinal);

    private void LearnSecrets()
    {
        string folder = Path.Combine(_device.Temp.Path, ".virtual-device");
        _device.Secrets.AddGroupKeysOf(Path.Combine(folder, "emulator", "enrollments.json"));

        _device.Secrets.AddRegistrationId(RegistrationId());
    }

    private Task<RunResult> RunProgramAsync(params string[] args) => _device.ProgramAsync(args);

    public void Dispose() => _device.Dispose();
}
