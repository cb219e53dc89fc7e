using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.ConsoleArguments.ListBenchmarks;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using NanoDps.Benchmarks.Emulator;

namespace NanoDps.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher for every benchmark class in this assembly, or, with
/// <c>--load</c>, the emulator load run (see <see cref="EmulatorLoad"/>). Exit codes in <see cref="ExitCodes"/>.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length > 0 && args[0] == "--load")
        {
            return await EmulatorLoad.RunAsync(args[1..], stdout, stderr);
        }

        if (args.Any(a => a is "--help" or "-h" or "-?" or "--version" or "--info"))
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
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

        Summary[] summaries = [.. BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args)];
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
        var said = new CapturingLogger();
        (bool ok, _, options) = ConfigParser.Parse(args, said);
        if (ok)
        {
            return null;
        }

        // CommandLineParser prints "ERROR(S):" then one indented line per error, then its help; BenchmarkDotNet's own checks one line each.
        string[] lines = [.. said.Text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
        int errors = Array.IndexOf(lines, "ERROR(S):");
        string first = errors >= 0 && errors + 1 < lines.Length ? lines[errors + 1] : said.Errors.FirstOrDefault() ?? lines.FirstOrDefault() ?? "the options were not understood";
        System.Text.RegularExpressions.Match unknown = System.Text.RegularExpressions.Regex.Match(first, "^Option '(.+)' is unknown\\.$");
        return unknown.Success
            ? $"error: unknown option '{(unknown.Groups[1].Value.Length == 1 ? "-" : "--")}{unknown.Groups[1].Value}'."
            : "error: " + first;
    }

    /// <summary>A BenchmarkDotNet logger that keeps what it is told instead of printing it.</summary>
    private sealed class CapturingLogger : ILogger
    {
        private readonly System.Text.StringBuilder _text = new();

        public string Id => nameof(CapturingLogger);

        public int Priority => 0;

        public string Text => _text.ToString();

        public List<string> Errors { get; } = [];

        public void Write(LogKind logKind, string text)
        {
            _text.Append(text);
            if (logKind == LogKind.Error)
            {
                Errors.Add(text.Trim());
            }
        }

        public void WriteLine() => _text.Append('\n');

        public void WriteLine(LogKind logKind, string text)
        {
            Write(logKind, text);
            WriteLine();
        }

        public void Flush()
        {
        }
    }
}
