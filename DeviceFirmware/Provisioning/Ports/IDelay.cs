namespace NanoDps.Provisioning
{
    /// <summary>Blocks the calling thread; only the driver loop waits, never the core.</summary>
    public interface IDelay
    {
        /// <summary>Waits for <paramref name="milliseconds"/> (0 returns at once).</summary>
        void Sleep(int milliseconds);
    }
}
