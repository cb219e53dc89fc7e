namespace NanoDps.Emulator.Cli;

/// <summary>The command-line emulator (docs/how-to/emulator.md).</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => CommandLine.RunAsync(args, Console.Out, Console.Error);
}
