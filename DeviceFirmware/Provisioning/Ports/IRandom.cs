namespace NanoDps.Provisioning
{
    /// <summary>Source of jitter. Injected so that a fleet simulation and tests can replay a run.</summary>
    public interface IRandom
    {
        /// <summary>A uniformly distributed integer in [0, <paramref name="maxExclusive"/>).</summary>
        int Next(int maxExclusive);
    }
}
