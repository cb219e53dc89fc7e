namespace NanoDps.VirtualDevice;

/// <summary>The virtual device's exit codes (docs/tutorials/virtual-device.md lists them too).</summary>
public static class ExitCodes
{
    /// <summary>0: provisioned now, or already provisioned (stored assignment used), the hub took the proof message (and every --app-messages message).</summary>
    public const int Provisioned = 0;

    /// <summary>1: DPS refused or failed (401, 404, 400, disabled, failed, clock not set), the hub did not take a message, or an internal error.</summary>
    public const int Refused = 1;

    /// <summary>2: usage or config error (bad option, missing or invalid device.json, bad key or id given to a tool).</summary>
    public const int Usage = 2;

    /// <summary>3: no assignment within the config's deadlineSeconds (network down, TLS refused, DPS throttling).</summary>
    public const int Deadline = 3;

    /// <summary>
    /// 4: the environment refused: a flash folder that cannot be created or written (checked before anything is sent, and an
    /// assignment that then cannot be saved), an emulator data folder that cannot be used, a broken virtual-mac.txt.
    /// </summary>
    public const int Environment = 4;
}
