using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;
using NanoDps.VirtualDevice.Demo;

namespace NanoDps.VirtualDevice.Board;

/// <summary>
/// What <c>nanoff --filedeployment</c> does for a board, done for the virtual one: device.json copied
/// over the one in its flash folder (the board keeps it on I:\ the same way), and the stored
/// assignment deleted as config/forget-assignment.json deletes it. A --config file is checked with
/// the core's own rules first, so a bad file is reported before the flash folder is touched.
/// </summary>
public static class FlashDeployment
{
    /// <summary>Largest device.json accepted (the board's config partition is small too).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Reads and checks <paramref name="path"/> as the board would read it; the text comes back only when it is valid.</summary>
    public static ConfigParseResult Check(string path, out string? text)
    {
        text = null;
        string name = Path.GetFileName(path);
        string read;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Problem(name, Directory.Exists(path) ? "is a folder, not a file" : $"does not exist ({info.FullName})");
            }

            if (info.Length > MaxBytes)
            {
                return Problem(name, $"is {info.Length} bytes; a device.json has at most {MaxBytes}");
            }

            read = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Problem(name, "cannot be read: " + e.Message);
        }

        ConfigParseResult check = DeviceConfigFile.Check(read, new HostConfigParser(), requireWifi: false);
        if (check.IsValid)
        {
            text = read;
        }

        return check.Config is null ? Problem(name, check.Errors[0].Problem) : check;
    }

    /// <summary>Every file the board writes in its flash folder, and the temp file each is written through.</summary>
    public static readonly string[] BoardFiles =
    [
        DeviceConfigFile.FileName, DeviceConfigFile.FileName + ".tmp",
        ProvisioningRecord.FileName, ProvisioningRecord.FileName + ".tmp",
        BootCounter.FileName, BootCounter.FileName + ".tmp",
        VirtualMac.FileName, VirtualMac.FileName + ".tmp",
    ];

    /// <summary>
    /// Null when the board can write every file it needs in <paramref name="flash"/> (creating the folder
    /// if need be), otherwise why not: checked before anything is sent, so that a board never registers
    /// with DPS and only then finds that it cannot store the assignment.
    /// </summary>
    public static string? CheckWritable(FolderFlashStore flash)
    {
        const string probe = ".nanodps-write-check.tmp";
        try
        {
            Directory.CreateDirectory(flash.Folder);
            foreach (string name in BoardFiles)
            {
                string path = flash.PathOf(name);
                if (Directory.Exists(path))
                {
                    return $"{name} in it is a folder, where the board keeps a file";
                }

                if (File.Exists(path))
                {
                    // Opened for writing and closed again: nothing changes, but a read-only file says so now.
                    using var _ = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                }
            }

            flash.WriteText(probe, probe);
            string? back = flash.ReadText(probe);
            flash.Delete(probe);
            return back == probe ? null : "a file written there did not read back the same";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Copies <paramref name="text"/> over device.json in <paramref name="flash"/>, as nanoff does.</summary>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public static void Deploy(FolderFlashStore flash, string text) => flash.WriteText(DeviceConfigFile.FileName, text);

    /// <summary>
    /// Deploys the demo's device.json (the emulator's id scope and demo group key) unless the flash
    /// folder already holds one for this emulator: after the first boot that one holds the board's
    /// derived key and no group key, and deploying again would put the group key back. True when deployed.
    /// </summary>
    public static bool DeployDemo(FolderFlashStore flash, EmbeddedEmulator emulator)
    {
        string? current = flash.ReadText(DeviceConfigFile.FileName);
        DeviceConfig? config = current is null ? null : new HostConfigParser().Parse(current).Config;
        if (config is not null && config.IdScope == emulator.Server.IdScope && config.Endpoint == EmbeddedEmulator.Endpoint)
        {
            return false;
        }

        Deploy(flash, ConfigJson.Write(emulator.DeviceConfig(), "The virtual device's demo: the embedded DPS emulator's id scope and its demo group's primary key. The first boot replaces the group key with the board's derived key."));
        return true;
    }

    /// <summary>Deletes the stored assignment (nanodps.rec and a half-written nanodps.rec.tmp), as config/forget-assignment.json does on a board.</summary>
    public static void ForgetAssignment(FolderFlashStore flash)
    {
        flash.Delete(ProvisioningRecord.FileName + ".tmp");
        flash.Delete(ProvisioningRecord.FileName);
    }

    private static ConfigParseResult Problem(string file, string problem) => new(null, [new ConfigError(file, problem)], null);
}
