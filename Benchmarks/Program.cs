using BenchmarkDotNet.Running;
using NanoDps.Benchmarks.Emulator;

namespace NanoDps.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher for every benchmark class in this assembly, or, with
/// <c>--load</c>, the emulator load run (see <see cref="EmulatorLoad"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--load")
        {
            return await EmulatorLoad.RunAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
