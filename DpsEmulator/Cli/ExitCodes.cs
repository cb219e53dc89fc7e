namespace NanoDps.Emulator.Cli;

/// <summary>The command-line emulator's exit codes (docs/reference/dps-emulator.md and --help list them too).</summary>
internal static class ExitCodes
{
    /// <summary>0: stopped cleanly by Ctrl+C or SIGTERM; a sub-command (keys) did its work.</summary>
    public const int Stopped = 0;

    /// <summary>1: an unexpected internal error, reported in one line ("run with --verbose for details").</summary>
    public const int Internal = 1;

    /// <summary>2: usage or input error: a bad option or value, a missing or invalid enrollments.json; nothing was served.</summary>
    public const int Usage = 2;

    /// <summary>
    /// 4: the environment refused: a data folder that cannot be created, written or locked (another
    /// emulator uses it), a corrupt registrations.db, a port in use or not permitted.
    /// </summary>
    public const int Environment = 4;

    /// <summary>The exit codes as --help shows them.</summary>
    public const string Help =
        "Exit codes: 0 stopped cleanly (Ctrl+C or SIGTERM); 1 unexpected internal error; 2 usage or input error "
        + "(a bad option or value, a missing or invalid enrollments.json); 4 the environment refused (a data folder that "
        + "cannot be created, written or locked because another emulator uses it, a corrupt registrations.db, a port in use or not permitted).";
}
