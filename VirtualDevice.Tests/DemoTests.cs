using NanoDps.Emulator;
using NanoDps.VirtualDevice.Cli;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>The no-argument run: the embedded emulator with its demo enrollment, in this process with captured output.</summary>
public sealed class DemoTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    private RunOptions Demo(params string[] extra) => new()
    {
        FlashFolder = _device.Flash,
        EmulatorData = _device.Temp.Sub("emulator"),
        EmulatorFaults = extra.Length > 0 ? extra[0] : null,
        EmulatorSeed = extra.Length > 1 ? int.Parse(extra[1], System.Globalization.CultureInfo.InvariantCulture) : null,
    };

    private void LearnDemoKeys() => _device.Secrets.AddGroupKeysOf(Path.Combine(_device.Temp.Sub("emulator"), "enrollments.json"));

    [Fact]
    public async Task The_demo_provisions_with_a_live_countdown_then_the_next_run_makes_no_DPS_request()
    {
        var log = new List<RequestLogEntry>();
        var hooks = new RunHooks { BeforeEmulatorStops = server => log.AddRange(server.RequestLog.Snapshot()) };

        // The secrets exist only once the emulator has created its demo group: check this run's output after learning them.
        RunResult first = await _device.RunAsync(Demo(), hooks, interactive: true);
        LearnDemoKeys();
        _device.Check(first);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("DPS emulator, started in this process", first.Stdout);
        Assert.Contains("enrollment      group 'demo-group' (enabled, symmetric key), hubs hub-1.dps-emulator.local, hub-2.dps-emulator.local", first.Stdout);
        Assert.Contains("(a new virtual board: drawn at random, kept in virtual-mac.txt)", first.Stdout);
        Assert.Contains("answer: 202 assigning; DPS asks to poll again after 3 s", first.Stdout);
        Assert.Matches(@"\r\s+\S*\.\.\. 2\.\d s", first.Stdout); // the countdown rewrites one line
        Assert.Contains("\u001b[32mResult: PROVISIONED", first.Stdout);
        Assert.Equal([RequestKind.Register, RequestKind.Poll, RequestKind.Hub], log.Select(e => e.Kind));
        Assert.True(log[1].StartUtc - log[0].StartUtc >= TimeSpan.FromSeconds(3), "the poll came before Retry-After");

        log.Clear();
        RunResult second = _device.Check(await _device.RunAsync(Demo(), hooks));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("(from virtual-mac.txt)", second.Stdout);
        Assert.Contains("Result: ALREADY PROVISIONED: the stored assignment matches the config, so no DPS request was made.", second.Stdout);
        Assert.Equal([RequestKind.Hub], log.Select(e => e.Kind));
        Assert.DoesNotContain("\u001b[", second.Stdout); // no colours or countdown when not a terminal
    }

    [Fact]
    public async Task The_demo_against_a_faulty_emulator_still_provisions_and_says_how_to_replay()
    {
        (int seed, _) = FaultPreview.FirstSeed(FaultProfile.ConnectionResets, p => p.RegisterFaults.Length > 1 && p.PollFaults.Length > 1 && p.Total <= 6);
        var log = new List<RequestLogEntry>();
        var hooks = new RunHooks
        {
            Backoff = FaultProfileTests.QuickBackoff,
            ConfigureEmulator = o => o.AssignmentDelay = TimeSpan.Zero,
            BeforeEmulatorStops = server => log.AddRange(server.RequestLog.Snapshot()),
        };

        RunResult run = await _device.RunAsync(Demo("connection-resets", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)), hooks);
        LearnDemoKeys();
        _device.Check(run);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"faults          connection-resets, seed {seed} (replay: --emulator-faults connection-resets --emulator-seed {seed})", run.Stdout);
        Assert.Contains("WARN  no answer: the connection to localhost (routed to 127.0.0.1:", run.Stdout);
        Assert.Contains(log, e => e.Fault == "connection-reset" && e.Kind == RequestKind.Poll);
    }

    [Fact]
    public async Task Reset_forgets_the_assignment_so_the_device_provisions_again()
    {
        RunResult first = await _device.RunAsync(Demo(), new RunHooks { ConfigureEmulator = o => (o.AssignmentDelay, o.RetryAfterSeconds) = (TimeSpan.Zero, 1) });
        LearnDemoKeys();
        _device.Check(first);
        Assert.Equal(0, first.ExitCode);

        var options = Demo();
        options.Reset = true;
        RunResult again = _device.Check(await _device.RunAsync(options, new RunHooks { ConfigureEmulator = o => (o.AssignmentDelay, o.RetryAfterSeconds) = (TimeSpan.Zero, 1) }));

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("--reset: stored assignment forgotten", again.Stdout);
        Assert.Contains("boot decision: DPS (no stored assignment)", again.Stdout);
        Assert.Contains("assigned to", again.Stdout);
        Assert.Contains("(initialAssignment)", first.Stdout);
    }

    [Fact]
    public async Task An_emulator_data_folder_that_cannot_be_used_is_one_line_naming_the_option_and_exit_4()
    {
        _device.Secrets.Add("nothing secret is used here", "not-a-secret-" + Guid.NewGuid());
        string notAFolder = _device.Temp.Sub("emulator-is-a-file");
        File.WriteAllText(notAFolder, "x");

        RunResult run = _device.Check(await _device.CliAsync("--flash", _device.Flash, "--emulator-data", notAFolder));

        Assert.True(run.ExitCode == ExitCodes.Environment, run.ToString());
        string error = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: the embedded emulator: cannot create the data folder {notAFolder} (", error);
        Assert.EndsWith("choose another with --emulator-data, or fix the path or its permissions.", error.TrimEnd());
        Assert.DoesNotContain("--data,", error);
        Assert.DoesNotContain("Virtual ESP32", run.Stdout);
    }

    public void Dispose() => _device.Dispose();
}
