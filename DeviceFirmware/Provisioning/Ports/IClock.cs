namespace NanoDps.Provisioning
{
    /// <summary>Wall-clock time as Unix milliseconds (UTC).</summary>
    public interface IClock
    {
        /// <summary>Milliseconds since 1970-01-01T00:00:00Z.</summary>
        long UtcNowMilliseconds { get; }
    }
}
