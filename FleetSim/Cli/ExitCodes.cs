namespace NanoDps.FleetSim.Cli;

/// <summary>FleetSim's exit codes (the same meaning in every nanoDps tool; docs/how-to/fleet.md lists them).</summary>
public static class ExitCodes
{
    /// <summary>The run completed and its report was written.</summary>
    public const int Success = 0;

    /// <summary>The work failed: in the emulator comparison a board's flow ended without a hub; or an unexpected internal error.</summary>
    public const int Failed = 1;

    /// <summary>A bad option or value; nothing was run.</summary>
    public const int Usage = 2;

    /// <summary>The environment refused: the output folder cannot be created or written, the emulator cannot start.</summary>
    public const int Environment = 4;

    /// <summary>Stopped by Ctrl+C (SIGINT).</summary>
    public const int Interrupted = 130;
}
