using System.Threading;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary><see cref="IDelay"/> with <c>Thread.Sleep</c>: the driver loop waits as long as the core asks and no longer.</summary>
    public sealed class ThreadDelay : IDelay
    {
        /// <inheritdoc/>
        public void Sleep(int milliseconds)
        {
            if (milliseconds > 0)
            {
                Thread.Sleep(milliseconds);
            }
        }
    }
}
