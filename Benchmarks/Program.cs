using NanoDps.Benchmarks.Load;

namespace NanoDps.Benchmarks;

/// <summary>
/// Entry point of two commands: <c>--load</c>, the emulator load generator (<see cref="EmulatorLoad"/>,
/// its own options and help), or else BenchmarkDotNet (<see cref="BenchmarkRun"/>). Exit codes in <see cref="ExitCodes"/>.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        args.Length > 0 && args[0] == "--load"
            ? await EmulatorLoad.RunAsync(args[1..], stdout, stderr)
            : BenchmarkRun.Run(args, stderr);
}
