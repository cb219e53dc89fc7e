using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Tests.Support;

/// <summary>An <see cref="IDelay"/> that records each wait and returns at once (the real clock keeps running).</summary>
public sealed class InstantDelay : IDelay
{
    public List<int> Waits { get; } = [];

    public void Sleep(int milliseconds)
    {
        lock (Waits)
        {
            Waits.Add(milliseconds);
        }
    }
}
