using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="INetworkLink"/> of the virtual board: its MAC from <see cref="Board.VirtualMac"/>, and this
/// PC's own connection in place of Wi-Fi (the boot runs with <see cref="BootSettings.UsesWifi"/> off,
/// so no credentials are stored or compared).
/// </summary>
public sealed class HostNetworkLink(byte[] mac) : INetworkLink
{
    /// <inheritdoc/>
    public byte[] StationMac() => mac;

    /// <inheritdoc/>
    public bool StoredCredentialsMatch(string ssid, string password) => true;

    /// <inheritdoc/>
    public void StoreCredentials(string ssid, string password)
    {
        // Nothing to store: this PC's network is configured by its owner.
    }

    /// <inheritdoc/>
    public NetworkJoinResult JoinStored(int timeoutMilliseconds) => NetworkJoinResult.Joined("this PC's connection; a board joins Wi-Fi at this step");
}
