using System.Globalization;
using System.Security.Cryptography;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Board;

/// <summary>
/// The virtual board's Wi-Fi station MAC. A real ESP32 reads it from eFuse; the virtual one draws a
/// random, locally administered unicast address on its first boot and keeps it in its flash folder
/// as <see cref="FileName"/>, so its registration id stays the same from boot to boot.
/// </summary>
public static class VirtualMac
{
    /// <summary>File in the flash folder that holds the MAC, as "02:1a:2b:3c:4d:5e".</summary>
    public const string FileName = "virtual-mac.txt";

    /// <summary>The stored MAC, or a new one (stored first) when there is none.</summary>
    /// <exception cref="InvalidDataException">The file exists but holds no MAC.</exception>
    public static byte[] LoadOrCreate(IFlashStore flash, out bool created)
    {
        string? text = flash.ReadText(FileName);
        if (text is not null)
        {
            created = false;
            return Parse(text.Trim()) ?? throw new InvalidDataException(
                $"{FileName} in the flash folder does not hold a MAC like 02:1a:2b:3c:4d:5e: fix it, or delete it to draw a new one (the registration id changes)");
        }

        byte[] mac = RandomNumberGenerator.GetBytes(6);
        mac[0] = (byte)((mac[0] & 0xFC) | 0x02); // unicast, locally administered: never a real vendor's address
        flash.WriteText(FileName + ".tmp", Format(mac) + "\n");
        flash.Rename(FileName + ".tmp", FileName);
        created = true;
        return mac;
    }

    /// <summary>"02:1a:2b:3c:4d:5e".</summary>
    public static string Format(byte[] mac) => string.Join(':', mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>The six bytes of "02:1a:2b:3c:4d:5e" (or with '-'), or null.</summary>
    public static byte[]? Parse(string text)
    {
        string[] parts = text.Split(':', '-');
        var mac = new byte[6];
        if (parts.Length != 6)
        {
            return null;
        }

        for (int i = 0; i < 6; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out mac[i]))
            {
                return null;
            }
        }

        return mac.Any(b => b != 0) ? mac : null;
    }
}
