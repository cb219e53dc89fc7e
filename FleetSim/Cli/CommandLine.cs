using System.CommandLine;

namespace NanoDps.FleetSim.Cli;

/// <summary>
/// FleetSim's command line: the comparison (no command), `sweep` (the back-off search) and
/// `emulator` (the simulation checked against the real emulator). Errors are one line naming the
/// option and the fix; exit codes as in <see cref="ExitCodes"/>.
/// </summary>
public static class CommandLine
{
    /// <summary>Parses <paramref name="args"/>, runs what they ask and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Show the details (stack trace) of an unexpected error", Recursive = true };
        RootCommand root = RunCommand.Create(output, args);
        root.Options.Add(verbose);
        root.Subcommands.Add(SweepCommand.Create(output, args));
        root.Subcommands.Add(EmulatorCommand.Create(output, error, args));

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine(OneLine(parsed.Errors[0].Message));
            error.WriteLine("Run with --help for the options.");
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
        }
        catch (UsageException e)
        {
            error.WriteLine("error: " + e.Message);
            error.WriteLine("Run with --help for the options.");
            return ExitCodes.Usage;
        }
        catch (OutputFolderException e)
        {
            error.WriteLine("error: " + e.Message);
            Details(error, parsed, verbose, e);
            return ExitCodes.Environment;
        }
        catch (EnvironmentRefusedException e)
        {
            error.WriteLine("error: " + e.Message);
            Details(error, parsed, verbose, e);
            return ExitCodes.Environment;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("stopped (Ctrl+C)");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: unexpected internal error: {e.GetType().Name}: {e.Message} (run with --verbose for details)");
            Details(error, parsed, verbose, e);
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// Where a command writes its report: <paramref name="outOption"/> if given, the repository's
    /// docs/ with <paramref name="writeDocs"/>, else the scratch folder.
    /// </summary>
    internal static string OutputFolderOf(ParseResult parse, Option<string> outOption, Option<bool> writeDocs)
    {
        string? given = parse.GetValue(outOption);
        if (!parse.GetValue(writeDocs))
        {
            return given ?? OutputFolder.Scratch;
        }

        if (given is not null)
        {
            throw new UsageException("--write-docs and --out both say where to write: give one of them.");
        }

        return OutputFolder.RepositoryDocs()
            ?? throw new UsageException($"--write-docs writes to the repository's docs/ folder, but there is no nanoDps.sln in {Directory.GetCurrentDirectory()} or above: run it inside the repository, or use --out.");
    }

    /// <summary>The file a command writes: <paramref name="outOption"/> as given, or <paramref name="name"/> in docs/ or in the scratch folder.</summary>
    internal static string OutputFile(ParseResult parse, Option<string> outOption, Option<bool> writeDocs, string name) =>
        parse.GetValue(writeDocs) || parse.GetValue(outOption) is null
            ? Path.Combine(OutputFolderOf(parse, outOption, writeDocs), name)
            : parse.GetValue(outOption)!;

    /// <summary>The command that reproduces a run, for the top of its report.</summary>
    internal static string Replay(string[] args) =>
        "dotnet run -c Release --project FleetSim --" + string.Concat(args.Select(a => " " + (a.Contains(' ') ? $"\"{a}\"" : a)));

    /// <summary>"error: ..." in one line; System.CommandLine's own messages in the words of the other tools (the emulator's).</summary>
    private static string OneLine(string message)
    {
        message = message.ReplaceLineEndings(" ");
        if (message.StartsWith("Required argument missing for option: '", StringComparison.Ordinal))
        {
            string name = message.Split('\'')[1];
            return $"error: {name} needs a value, e.g. {name}=VALUE.";
        }

        if (message.StartsWith("Unrecognized command or argument '", StringComparison.Ordinal))
        {
            string token = message.Split('\'')[1];
            return token.StartsWith('-')
                ? $"error: unknown option '{token}'."
                : $"error: unexpected argument '{token}' (options start with --; the commands are sweep and emulator).";
        }

        return "error: " + message;
    }

    private static void Details(TextWriter error, ParseResult parsed, Option<bool> verbose, Exception e)
    {
        if (parsed.GetValue(verbose))
        {
            error.WriteLine(e.ToString());
        }
    }
}

/// <summary>A bad combination of options found after parsing (exit 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The environment refused (exit 4): e.g. the emulator could not start.</summary>
public sealed class EnvironmentRefusedException(string message, Exception? inner = null) : Exception(message, inner);
