namespace NanoDps.Emulator;

/// <summary>
/// A named set of fault rates. For each request that faults apply to, the injector draws one
/// number from a seeded generator and picks a fault by these rates (their sum must be at most 1);
/// a drawn 429/500/503/reset fault then repeats for 1 to <see cref="MaxBurst"/> consecutive
/// requests. Same seed + same request sequence gives the same faults; <see cref="Preview"/> lists them.
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

    /// <summary>
    /// The faults this profile injects with <paramref name="seed"/> into the first
    /// <paramref name="count"/> requests that faults apply to, in the order they reach the emulator:
    /// exactly what a running emulator started with <see cref="DpsEmulatorOptions.Faults"/> = this
    /// profile and <see cref="DpsEmulatorOptions.FaultSeed"/> = <paramref name="seed"/> injects
    /// (it uses the same generator). Bursts are included; a slow answer's delay is not.
    /// </summary>
    /// <remarks>
    /// Faults apply to register, operation poll and status lookup requests (on a known path with
    /// the right method, whatever their api-version, id, token or quota outcome), and to hub
    /// requests only when <see cref="ApplyToHub"/> is set; entry n is the fault of the n-th such
    /// request. Other requests (unknown paths, wrong methods, the hub without
    /// <see cref="ApplyToHub"/>) draw nothing and do not shift the sequence. What a fault does
    /// depends on the request (for example 429001 for a register, 429002 for a poll); which fault
    /// is drawn does not. Requests sent concurrently draw in the order the emulator handles them.
    /// </remarks>
    /// <param name="seed">The fault seed (<c>--seed</c>).</param>
    /// <param name="count">How many requests to preview (0 or more).</param>
    /// <returns><paramref name="count"/> entries, <see cref="FaultKind.None"/> where the request gets no fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException">The profile's rates are invalid (the emulator would refuse it too).</exception>
    /// <example>
    /// <code>
    /// // [None, Throttle, Throttle, None, ...]: the first DPS request goes through, the next two get 429.
    /// IReadOnlyList&lt;FaultKind&gt; faults = FaultProfile.ThrottleStorm.Preview(seed: 42, count: 16);
    /// </code>
    /// </example>
    public IReadOnlyList<FaultKind> Preview(int seed, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Validate();
        var injector = new FaultInjector(this, seed);
        var faults = new FaultKind[count];
        for (var i = 0; i < count; i++)
        {
            faults[i] = injector.Next().Kind;
        }

        return faults;
    }

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
