using NanoDps.FleetSim.Engine;

namespace NanoDps.FleetSim.Report;

/// <summary>Every policy's result in one scenario, with the scenario's ideal schedule.</summary>
public sealed class ScenarioResult
{
    /// <summary>Runs <paramref name="policies"/> in <paramref name="scenario"/>, up to <paramref name="threads"/> at a time (default: one per core).</summary>
    public ScenarioResult(Scenario scenario, IReadOnlyList<Policy> policies, int threads = 0)
    {
        Scenario = scenario;
        IdealDoneTimes = IdealSchedule.DoneTimes(scenario.Boot.BootTimes(scenario.Devices, scenario.Seed), scenario.Dps.RegistrationsPerMinute);
        var results = new PolicyResult[policies.Count];
        Parallel.For(0, policies.Count, new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount }, i => results[i] = FleetSimulation.Run(scenario, policies[i]));
        Results = results;
    }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>One result per policy, in the order the policies were given.</summary>
    public IReadOnlyList<PolicyResult> Results { get; }

    /// <summary>When each device is done in the ideal schedule (sorted, ms).</summary>
    public long[] IdealDoneTimes { get; }

    /// <summary>The ideal time (ms) for <paramref name="fraction"/> of the fleet.</summary>
    public long Ideal(double fraction) => IdealSchedule.TimeToFraction(IdealDoneTimes, Scenario.Devices, fraction);

    /// <summary>The result of the policy named <paramref name="policy"/>, or null.</summary>
    public PolicyResult? Of(string policy) => Results.FirstOrDefault(r => r.Policy == policy);
}
