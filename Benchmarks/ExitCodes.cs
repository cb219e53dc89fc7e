namespace NanoDps.Benchmarks;

/// <summary>The benchmarks' exit codes (the same meaning in every nanoDps tool; docs/reference/exit-codes.md lists them all).</summary>
public static class ExitCodes
{
    /// <summary>0: the benchmarks ran (or --help, --list printed), or in --load no flow failed.</summary>
    public const int Success = 0;

    /// <summary>1: a benchmark failed, some --load flows failed, no emulator answered or the --dashboard feed failed, or an unexpected internal error.</summary>
    public const int Failed = 1;

    /// <summary>2: a bad option or value, a --filter that matches nothing, an --external folder without a usable emulator data folder; nothing was run.</summary>
    public const int Usage = 2;

    /// <summary>4: the environment refused: the in-process emulator of --load could not start (its temp data folder, a port).</summary>
    public const int Environment = 4;

    /// <summary>The exit codes, as --load --help shows them.</summary>
    public const string Help = "Exit codes: 0 no flow failed, 1 some flows failed, no emulator answered or the --dashboard feed failed (or an internal error), "
        + "2 usage error (nothing run), 4 the in-process emulator could not start.";
}
