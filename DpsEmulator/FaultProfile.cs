namespace NanoDps.Emulator;

/// <summary>
/// A named set of fault rates. For each request that faults apply to, the injector draws one
/// number from a seeded generator and picks a fault by these rates (their sum must be at most 1);
/// a drawn 429/500/503/reset fault then repeats for 1 to <see cref="MaxBurst"/> consecutive
/// requests. Same seed + same request sequence gives the same faults.
/// </summary>
public sealed record FaultProfile
{
    /// <summary>Name used on the command line (<c>--faults NAME</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Share of requests answered 429.</summary>
    public double ThrottleRate { get; init; }

    /// <summary>Share of requests answered 500 or 503 (half each).</summary>
    public double ServerErrorRate { get; init; }

    /// <summary>Share of requests whose connection is reset.</summary>
    public double ConnectionResetRate { get; init; }

    /// <summary>Share of requests answered late.</summary>
    public double SlowRate { get; init; }

    /// <summary>Share of answers cut short (Content-Length declared, connection aborted mid-body).</summary>
    public double TruncatedRate { get; init; }

    /// <summary>Share of answers with a body that is not valid JSON.</summary>
    public double MalformedRate { get; init; }

    /// <summary>Longest run of consecutive 429/500/503/reset faults once one is drawn. At least 1.</summary>
    public int MaxBurst { get; init; } = 1;

    /// <summary>Shortest delay of a slow answer.</summary>
    public TimeSpan SlowDelayMin { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay of a slow answer.</summary>
    public TimeSpan SlowDelayMax { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Whether the hub endpoint gets faults too (default: only the DPS endpoints).</summary>
    public bool ApplyToHub { get; init; }

    /// <summary>No faults.</summary>
    public static FaultProfile None { get; } = new() { Name = "none" };

    /// <summary>Many 429s, in bursts of up to 8.</summary>
    public static FaultProfile ThrottleStorm { get; } = new() { Name = "throttle-storm", ThrottleRate = 0.5, MaxBurst = 8 };

    /// <summary>500/503 in bursts of up to 5.</summary>
    public static FaultProfile ServerErrors { get; } = new() { Name = "server-errors", ServerErrorRate = 0.3, MaxBurst = 5 };

    /// <summary>Connections reset.</summary>
    public static FaultProfile ConnectionResets { get; } = new() { Name = "connection-resets", ConnectionResetRate = 0.3, MaxBurst = 2 };

    /// <summary>Half the answers delayed by 0.5 to 3 s.</summary>
    public static FaultProfile Slow { get; } = new() { Name = "slow", SlowRate = 0.5 };

    /// <summary>Truncated and malformed bodies.</summary>
    public static FaultProfile Malformed { get; } = new() { Name = "malformed", TruncatedRate = 0.2, MalformedRate = 0.2 };

    /// <summary>A mix of everything.</summary>
    public static FaultProfile Chaos { get; } = new()
    {
        Name = "chaos",
        ThrottleRate = 0.1,
        ServerErrorRate = 0.1,
        ConnectionResetRate = 0.05,
        SlowRate = 0.1,
        TruncatedRate = 0.05,
        MalformedRate = 0.05,
        MaxBurst = 3,
        SlowDelayMin = TimeSpan.FromMilliseconds(200),
        SlowDelayMax = TimeSpan.FromSeconds(2),
    };

    /// <summary>The built-in profiles.</summary>
    public static IReadOnlyList<FaultProfile> BuiltIn { get; } = [None, ThrottleStorm, ServerErrors, ConnectionResets, Slow, Malformed, Chaos];

    /// <summary>A built-in profile by name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static FaultProfile FromName(string name) =>
        BuiltIn.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown fault profile '{name}'; known: {string.Join(", ", BuiltIn.Select(p => p.Name))}.", nameof(name));

    internal void Validate()
    {
        double[] rates = [ThrottleRate, ServerErrorRate, ConnectionResetRate, SlowRate, TruncatedRate, MalformedRate];
        if (rates.Any(r => r < 0 || double.IsNaN(r)) || rates.Sum() > 1 + 1e-9)
        {
            throw new ArgumentException($"Fault profile '{Name}': rates must be >= 0 and add up to at most 1.");
        }

        if (MaxBurst < 1 || SlowDelayMin < TimeSpan.Zero || SlowDelayMax < SlowDelayMin)
        {
            throw new ArgumentException($"Fault profile '{Name}': MaxBurst >= 1 and 0 <= SlowDelayMin <= SlowDelayMax.");
        }
    }
}
