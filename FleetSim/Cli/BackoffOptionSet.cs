using System.CommandLine;
using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Search;
using NanoDps.Provisioning;

namespace NanoDps.FleetSim.Cli;

/// <summary>"ours": the core's back-off numbers and the flow's deadline, the core's defaults unless given.</summary>
internal sealed class BackoffOptionSet
{
    private static readonly Backoff Defaults = new();

    public Option<double> FirstWindow { get; } = Options.Seconds("--first-window", Options.InSeconds(Defaults.FirstWindowMilliseconds), 0.001, "ours: the back-off window after the first failure (s)");

    public Option<double> CapWindow { get; } = Options.Seconds("--cap-window", Options.InSeconds(Defaults.CapWindowMilliseconds), 0.001, "ours: where the window stops doubling (s)");

    public Option<int> CapGrowthAfter { get; } = Options.Whole("--cap-growth-after", Defaults.CapGrowthAfterFailures, 0, "ours: failures in a row after which the cap grows (0: never)", "failures");

    public Option<double> CapGrowth { get; } = Options.Seconds("--cap-growth", Options.InSeconds(Defaults.CapGrowthMilliseconds), 0, "ours: how much the window grows with each further failure (s)");

    public Option<double> MaxWindow { get; } = Options.Seconds("--max-window", Options.InSeconds(Defaults.MaxWindowMilliseconds), 0.001, "ours: the largest window (s)");

    public Option<int> Jitter { get; } = Options.Whole("--jitter-percent", Defaults.JitterPercent, 1, "ours: the wait is drawn over the top N% of the window", "percent", 100);

    public Option<int> LateJitter { get; } = Options.Whole("--late-jitter-percent", Defaults.LateJitterPercent, 0, "ours: the jitter share once the cap grows (0: --jitter-percent)", "percent", 100);

    public Option<int> Deadline { get; } = Options.Whole("--deadline-seconds", DeviceConfig.DefaultDeadlineSeconds, 1, "ours: the flow's deadline (deadlineSeconds)", "seconds");

    public Option<bool> NoReboot { get; } = new("--no-reboot") { Description = "ours: a flow that ends without a hub is final (the board would deep-sleep and boot into a new flow)" };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { FirstWindow, CapWindow, CapGrowthAfter, CapGrowth, MaxWindow, Jitter, LateJitter, Deadline, NoReboot })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The back-off setting the options describe.</summary>
    public BackoffSetting ReadSetting(ParseResult parse) => new(
        Options.Milliseconds(parse.GetValue(FirstWindow)),
        Options.Milliseconds(parse.GetValue(CapWindow)),
        parse.GetValue(Jitter),
        parse.GetValue(CapGrowthAfter),
        Options.Milliseconds(parse.GetValue(CapGrowth)),
        Options.Milliseconds(parse.GetValue(MaxWindow)),
        parse.GetValue(LateJitter));

    /// <summary>Everything of "ours" the options describe.</summary>
    public CoreDeviceOptions Read(ParseResult parse) => new()
    {
        Backoff = ReadSetting(parse).ToBackoff(),
        DeadlineSeconds = parse.GetValue(Deadline),
        RebootAfterFailedBoot = !parse.GetValue(NoReboot),
    };
}
