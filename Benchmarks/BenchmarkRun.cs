using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.ConsoleArguments.ListBenchmarks;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CommandLine;

namespace NanoDps.Benchmarks;

/// <summary>
/// The BenchmarkDotNet command: its switcher for every benchmark class in this assembly, its options
/// checked first (one error line, not its whole help), the outcome read from its <see cref="Summary"/>s.
/// </summary>
internal static class BenchmarkRun
{
    /// <summary>Runs the benchmarks <paramref name="args"/> select; the exit code of <see cref="ExitCodes"/>.</summary>
    public static int Run(string[] args, TextWriter stderr)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?" or "--version" or "--info"))
        {
            BenchmarkSwitcher.FromAssembly(typeof(BenchmarkRun).Assembly).Run(args);
            return ExitCodes.Success;
        }

        // BenchmarkDotNet's own options, checked here first: its parser would print the whole help after an error.
        string? problem = BenchmarkOptionsProblem(args, out CommandLineOptions? options);
        if (problem is not null)
        {
            stderr.WriteLine(problem);
            stderr.WriteLine("Run with --help for BenchmarkDotNet's options, or --load --help for the emulator load run.");
            return ExitCodes.Usage;
        }

        if (options!.ListBenchmarkCaseMode == ListBenchmarkCaseMode.Disabled && ArtifactsProblem(options) is { } unwritable)
        {
            stderr.WriteLine(unwritable);
            return ExitCodes.Environment;
        }

        Summary[] summaries = [.. BenchmarkSwitcher.FromAssembly(typeof(BenchmarkRun).Assembly).Run(args)];
        if (summaries.Length == 0 && options!.Filters.Any() && options.ListBenchmarkCaseMode == ListBenchmarkCaseMode.Disabled)
        {
            stderr.WriteLine($"error: --filter {string.Join(' ', options.Filters)} matches no benchmark: list them with --list flat, e.g. --filter '*CoreBenchmarks*'.");
            return ExitCodes.Usage;
        }

        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        if (failed)
        {
            stderr.WriteLine("error: a benchmark failed (BenchmarkDotNet's output above says which and why).");
        }

        return failed ? ExitCodes.Failed : ExitCodes.Success;
    }

    /// <summary>
    /// Null when the folder BenchmarkDotNet writes its logs and reports to (--artifacts, or
    /// BenchmarkDotNet.Artifacts in the working folder) can be written; else one "error: ..." line.
    /// </summary>
    internal static string? ArtifactsProblem(CommandLineOptions options)
    {
        string folder = options.ArtifactsDirectory?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".write-check-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string shown = options.ArtifactsDirectory is null ? folder : options.ArtifactsDirectory.ToString();
            return $"error: cannot write the artifacts folder {shown} ({e.Message.TrimEnd('.')}); give a folder you can write to with --artifacts, or run from a writable folder.";
        }
    }

    /// <summary>Null when BenchmarkDotNet accepts <paramref name="args"/>; otherwise its complaint as one "error: ..." line.</summary>
    internal static string? BenchmarkOptionsProblem(string[] args, out CommandLineOptions? options)
    {
        // Unknown options by the parser's own error values (BenchmarkDotNet would print its whole help).
        using (var parser = new Parser(settings =>
        {
            settings.CaseSensitive = false;
            settings.CaseInsensitiveEnumValues = true;
            settings.EnableDashDash = true;
            settings.HelpWriter = null;
        }))
        {
            string? unknown = null;
            parser.ParseArguments<CommandLineOptions>(args)
                .WithNotParsed(errors => unknown = errors.OfType<UnknownOptionError>().FirstOrDefault()?.Token);
            if (unknown is not null)
            {
                options = null;
                return $"error: unknown option '{(unknown.Length == 1 ? "-" : "--")}{unknown}'.";
            }
        }

        // Then BenchmarkDotNet's own checks, each one error line through its logger.
        var said = new CapturingLogger();
        (bool ok, _, options) = ConfigParser.Parse(args, said);
        return ok ? null : "error: " + (said.Errors.FirstOrDefault() ?? "the options were not understood");
    }

    /// <summary>A BenchmarkDotNet logger that keeps the errors it is told instead of printing anything.</summary>
    private sealed class CapturingLogger : BenchmarkDotNet.Loggers.ILogger
    {
        public string Id => nameof(CapturingLogger);

        public int Priority => 0;

        public List<string> Errors { get; } = [];

        public void Write(LogKind logKind, string text)
        {
            if (logKind == LogKind.Error && text.Trim().Length > 0)
            {
                Errors.Add(text.Trim());
            }
        }

        public void WriteLine()
        {
        }

        public void WriteLine(LogKind logKind, string text) => Write(logKind, text);

        public void Flush()
        {
        }
    }
}
