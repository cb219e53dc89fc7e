using System.Globalization;
using NanoDps.Provisioning;

namespace NanoDps.FleetSim.Search;

/// <summary>
/// One back-off policy the search tries: the tunable numbers of the core's <see cref="Backoff"/>
/// (the 2 s floor and the Retry-After rules stay the core's).
/// </summary>
public sealed record BackoffSetting(int FirstWindowMilliseconds, int CapWindowMilliseconds, int JitterPercent, int CapGrowthAfterFailures, int CapGrowthMilliseconds, int MaxWindowMilliseconds, int LateJitterPercent = 0)
{
    /// <summary>The core's defaults.</summary>
    public static BackoffSetting Default { get; } = From(new Backoff());

    /// <summary>The setting of <paramref name="backoff"/>.</summary>
    public static BackoffSetting From(Backoff backoff) => new(
        backoff.FirstWindowMilliseconds,
        backoff.CapWindowMilliseconds,
        backoff.JitterPercent,
        backoff.CapGrowthAfterFailures,
        backoff.CapGrowthMilliseconds,
        backoff.MaxWindowMilliseconds,
        backoff.LateJitterPercent);

    /// <summary>A core <see cref="Backoff"/> with this setting.</summary>
    public Backoff ToBackoff() => new()
    {
        FirstWindowMilliseconds = FirstWindowMilliseconds,
        CapWindowMilliseconds = CapWindowMilliseconds,
        JitterPercent = JitterPercent,
        CapGrowthAfterFailures = CapGrowthAfterFailures,
        CapGrowthMilliseconds = CapGrowthMilliseconds,
        MaxWindowMilliseconds = MaxWindowMilliseconds,
        LateJitterPercent = LateJitterPercent,
    };

    /// <summary>
    /// Parses "first/cap/jitter", "first/cap/jitter/growth-after/growth" or
    /// "first/cap/jitter/growth-after/growth/late-jitter" (seconds, percent, failures), e.g. "24/130/75",
    /// "20/100/75/6/10" or "20/95/70/6/7.5/50"; null with <paramref name="problem"/> saying why not.
    /// </summary>
    public static BackoffSetting? Parse(string text, out string? problem)
    {
        string[] parts = text.Split('/');
        var numbers = new double[parts.Length];
        bool ok = parts.Length is 3 or 5 or 6;
        for (int i = 0; ok && i < parts.Length; i++)
        {
            ok = double.TryParse(parts[i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out numbers[i]) && numbers[i] <= 1_000_000;
        }

        ok = ok && numbers[0] > 0 && numbers[1] > 0 && Percent(numbers[2]) && (parts.Length == 3 || numbers[3] == Math.Floor(numbers[3])) && (parts.Length < 6 || Percent(numbers[5]));
        if (!ok)
        {
            problem = $"'{text}' is not a back-off setting: write first-window/cap/jitter-percent in seconds and percent (24/130/75), "
                + "optionally with /growth-after-failures/growth-seconds (20/100/75/6/10) and /late-jitter-percent (20/95/70/6/7.5/50)";
            return null;
        }

        problem = null;
        return Normalized(new BackoffSetting(
            Ms(numbers[0]),
            Ms(numbers[1]),
            (int)numbers[2],
            parts.Length >= 5 ? (int)numbers[3] : 0,
            parts.Length >= 5 ? Ms(numbers[4]) : 0,
            Default.MaxWindowMilliseconds,
            parts.Length == 6 ? (int)numbers[5] : 0));
    }

    /// <summary>
    /// The same policy written one way: a cap that never grows has growth 0 after 0 failures and no
    /// late jitter; a late jitter equal to the jitter is none.
    /// </summary>
    public static BackoffSetting Normalized(BackoffSetting s)
    {
        if (s.CapGrowthAfterFailures <= 0 || s.CapGrowthMilliseconds <= 0)
        {
            return s with { CapGrowthAfterFailures = 0, CapGrowthMilliseconds = 0, LateJitterPercent = 0 };
        }

        return s.LateJitterPercent == s.JitterPercent ? s with { LateJitterPercent = 0 } : s;
    }

    /// <summary>Whether the cap grows at all.</summary>
    public bool Grows => CapGrowthAfterFailures > 0 && CapGrowthMilliseconds > 0;

    /// <summary>"20 / 95 / 70%, +7.5 s from failure 7 with 50% jitter" (first window / cap / jitter share, the cap's growth and the jitter share from then on).</summary>
    public override string ToString()
    {
        string text = $"{Seconds(FirstWindowMilliseconds)} / {Seconds(CapWindowMilliseconds)} / {JitterPercent}%";
        if (Grows)
        {
            text += $", +{Seconds(CapGrowthMilliseconds)} s from failure {CapGrowthAfterFailures + 1}";
            if (LateJitterPercent > 0)
            {
                text += $" with {LateJitterPercent}% jitter";
            }
        }

        return MaxWindowMilliseconds == Default.MaxWindowMilliseconds ? text : text + $", max {Seconds(MaxWindowMilliseconds)} s";
    }

    private static bool Percent(double value) => value is >= 1 and <= 100 && value == Math.Floor(value);

    private static int Ms(double seconds) => (int)Math.Round(seconds * 1000);

    private static string Seconds(int milliseconds) => (milliseconds / 1000.0).ToString("0.#", CultureInfo.InvariantCulture);
}
