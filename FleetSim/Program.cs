using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Engine;

foreach (int n in new[] { 1000, 10000, 30000 })
{
    var s = new Scenario { Id = n.ToString(), Title = "x", Devices = n };
    foreach (var p in Policy.Standard(new CoreDeviceOptions()))
    {
        var r = FleetSimulation.Run(s, p);
        double ideal99 = 0.99 * n / (1000 / 60.0);
        Console.WriteLine($"{n} {r.Policy,-18} t50={r.TimeToFraction(0.5) / 1000.0} t99={r.TimeToFraction(0.99) / 1000.0} (+{(r.TimeToFraction(0.99) ?? 0) / 1000.0 - ideal99:0.0}) t100={r.TimeToFraction(1.0) / 1000.0} never={r.NeverProvisioned} req={r.TotalRequests} mean={r.MeanRequests:0.00} worst={r.WorstRequests} 429={r.Throttled} peak={r.PeakRequestsPerSecond} restarts={r.Restarts} gap={r.MinRequestGapMilliseconds} pollgap={r.MinPollGapMilliseconds} viol={r.InFlightViolations} ev={r.Events} wall={r.Elapsed.TotalSeconds:0.00}s");
    }
}
