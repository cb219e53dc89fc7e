using NanoDps.FleetSim.Cli;

namespace NanoDps.FleetSim;

/// <summary>
/// dotnet run -c Release --project FleetSim -- --write-docs
/// runs the comparison and issue 12's targets and writes docs/results/fleet-results.md and docs/results/fleet-*.png
/// (without --write-docs: to .fleet-sim/). See docs/how-to/fleet.md.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => CommandLine.Run(args, Console.Out, Console.Error);
}
