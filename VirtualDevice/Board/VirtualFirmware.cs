using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Board;

/// <summary>What the virtual board's "firmware build" sets where the ESP32's Program.cs sets its own.</summary>
public static class VirtualFirmware
{
    /// <summary>Firmware version the virtual device reports at boot, in its proof message and its telemetry.</summary>
    public const string Version = "1.0.0-virtual";

    /// <summary>
    /// The boot settings of a PC: no Wi-Fi (this PC's network), and a failed boot ends the run at once
    /// instead of staying awake a minute for nanoff (the run reports the sleep it would take).
    /// </summary>
    public static BootSettings Settings(Backoff? backoff) => new()
    {
        FirmwareVersion = Version,
        UsesWifi = false,
        AwakeAfterResetMilliseconds = 0,
        Backoff = backoff,
    };
}
