namespace NanoDps.Emulator;

/// <summary>What DPS does when a device that is already assigned registers again (the service API's <c>reprovisionPolicy</c>).</summary>
/// <param name="UpdateHubAssignment">
/// True (DPS's default): allocation runs again, and the device may move to another hub. False: the device keeps its hub.
/// </param>
/// <param name="MigrateDeviceData">
/// When the device moves, true (default) reports <c>deviceDataMigrated</c>, false <c>deviceDataReset</c>
/// (the emulated hubs hold no twin, so nothing else differs).
/// </param>
public sealed record ReprovisionPolicy(bool UpdateHubAssignment = true, bool MigrateDeviceData = true)
{
    /// <summary>DPS's default: update the hub assignment and migrate the device data.</summary>
    public static ReprovisionPolicy Default { get; } = new();
}
