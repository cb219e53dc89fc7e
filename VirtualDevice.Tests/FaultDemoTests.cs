using System.Text.RegularExpressions;
using NanoDps.Emulator;
using NanoDps.VirtualDevice.Cli;
using NanoDps.VirtualDevice.Demo;
using NanoDps.VirtualDevice.Tests.Support;
using Xunit.Abstractions;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// The fault demo the banner suggests finishes in about two minutes of the firmware's own back-off, and
/// any fault demo says up front how long it will take. Both checked against real runs of the demo
/// (the embedded emulator, real HTTPS) on a virtual clock shared by the board and the emulator.
/// </summary>
public sealed class FaultDemoTests : IDisposable
{
    private readonly DeviceHarness _device = new();
    private readonly ITestOutputHelper _output;

    public FaultDemoTests(ITestOutputHelper output)
    {
        _output = output;
        _device.Secrets.AddRegistrationId(DeviceHarness.PresetMac(_device.Flash));
    }

    [Fact]
    public async Task The_storm_the_banner_suggests_ends_in_about_two_minutes_as_it_says()
    {
        RunResult plain = await RunDemoAsync(new VirtualClock());
        Match suggestion = Regex.Match(plain.Stdout, @"faults          none \(try --emulator-faults throttle-storm --emulator-seed (\d+) --reset: (\d+) faults, (.+) of back-off\)");
        Assert.True(suggestion.Success, plain.Stdout);
        int seed = int.Parse(suggestion.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var clock = new VirtualClock();
        RunResult storm = await RunDemoAsync(clock, "throttle-storm", seed);

        Assert.True(storm.ExitCode == 0, storm.ToString());
        Assert.Contains($"expect          {suggestion.Groups[2].Value} faults (", storm.Stdout);
        Assert.Contains($"so {suggestion.Groups[3].Value} of the firmware's back-off before the assignment", storm.Stdout);
        Assert.DoesNotContain("for a storm of about two minutes", storm.Stdout);
        AssertWithinForecast(clock, storm, seed);
        Assert.True(clock.Waited <= TimeSpan.FromMinutes(2.5), $"waited {clock.Waited}");
    }

    [Fact]
    public async Task A_long_storm_says_up_front_how_long_and_offers_a_short_one()
    {
        // Independently of the forecast's code: the first seed whose storm throttles at least 8 requests.
        (int seed, _) = FaultPreview.FirstSeed(FaultProfile.ThrottleStorm, p => p.RegisterFaults.Length + p.PollFaults.Length >= 8 + 2);
        var clock = new VirtualClock();

        RunResult storm = await RunDemoAsync(clock, "throttle-storm", seed);

        Assert.True(storm.ExitCode == 0, storm.ToString());
        Assert.Matches(@"expect          \d+ faults \(\d+ on the registration, \d+ on the polls\), so \d+ min \d+ s to \d+ min \d+ s of the firmware's back-off before the assignment", storm.Stdout);
        Assert.Matches(@"for a storm of about two minutes: try --emulator-faults throttle-storm --emulator-seed \d+ --reset", storm.Stdout);
        AssertWithinForecast(clock, storm, seed);
    }

    private async Task<RunResult> RunDemoAsync(VirtualClock clock, string? faults = null, int? seed = null)
    {
        var options = new RunOptions
        {
            FlashFolder = _device.Flash,
            EmulatorData = _device.Temp.Sub("emulator"),
            EmulatorFaults = faults,
            EmulatorSeed = seed,
            Reset = true,
        };
        var hooks = new RunHooks { Clock = clock, Delay = clock, ConfigureEmulator = o => o.TimeProvider = clock.Time };
        RunResult run = await _device.RunAsync(options, hooks);
        _device.Secrets.AddGroupKeysOf(Path.Combine(_device.Temp.Sub("emulator"), "enrollments.json"));
        _output.WriteLine(run.ToString());
        return _device.Check(run);
    }

    private void AssertWithinForecast(VirtualClock clock, RunResult run, int seed)
    {
        // The forecast as printed, against the time the board really waited on the shared clock.
        Match expect = Regex.Match(run.Stdout, @"expect          (\d+) faults.*?, so (?:about )?(.+?)(?: to (.+?))? of the firmware's back-off");
        Assert.True(expect.Success, run.Stdout);
        TimeSpan shortest = Parse(expect.Groups[2].Value);
        TimeSpan longest = expect.Groups[3].Success ? Parse(expect.Groups[3].Value) : shortest;
        _output.WriteLine($"seed {seed}: waited {clock.Waited.TotalSeconds:0.0} s, forecast {shortest.TotalSeconds} to {longest.TotalSeconds} s");
        Assert.InRange(clock.Waited, shortest - TimeSpan.FromSeconds(1), longest + TimeSpan.FromSeconds(1)); // printed to the second
        Assert.Equal(int.Parse(expect.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Regex.Matches(run.Stdout, @"WARN  answer: 429 throttled").Count);
    }

    private static TimeSpan Parse(string duration)
    {
        Match m = Regex.Match(duration, @"^(?:(\d+) min )?(\d+) s$");
        Assert.True(m.Success, duration);
        return TimeSpan.FromSeconds((m.Groups[1].Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 60 : 0)
            + int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose() => _device.Dispose();
}
