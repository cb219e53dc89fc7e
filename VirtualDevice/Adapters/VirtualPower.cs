using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="IPowerControl"/> of the virtual board: every run is a power-on, and a deep sleep or restart
/// ends the run instead of happening; the summary reports it.
/// </summary>
public sealed class VirtualPower : IPowerControl
{
    /// <inheritdoc/>
    public bool WokeFromRetrySleep => false;

    /// <summary>The deep sleep the board would have taken, in seconds, or null.</summary>
    public int? SleptSeconds { get; private set; }

    /// <summary>True when the board would have restarted.</summary>
    public bool Restarted { get; private set; }

    /// <inheritdoc/>
    public void DeepSleep(int seconds) => SleptSeconds = seconds;

    /// <inheritdoc/>
    public void Restart() => Restarted = true;
}
