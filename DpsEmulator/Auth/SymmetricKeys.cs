using System.Security.Cryptography;
using System.Text;

namespace NanoDps.Emulator;

/// <summary>
/// Symmetric keys as DPS uses them: base64 text of 16 to 64 random bytes, and the per-device key
/// of a group enrollment, <c>base64(HMAC-SHA256(base64decode(groupKey), utf8(registrationId)))</c>.
/// </summary>
/// <remarks>
/// This is the emulator's own implementation (System.Security.Cryptography only); it shares no code
/// with the device's provisioning core, so the emulator is an independent check of the device.
/// </remarks>
public static class SymmetricKeys
{
    /// <summary>The smallest key DPS accepts, in bytes.</summary>
    public const int MinKeyBytes = 16;

    /// <summary>The largest key DPS accepts (and the size it generates), in bytes.</summary>
    public const int MaxKeyBytes = 64;

    /// <summary>Creates a random key of <paramref name="sizeInBytes"/> bytes, as base64.</summary>
    /// <param name="sizeInBytes">16 to 64; DPS generates 64.</param>
    public static string GenerateKey(int sizeInBytes = MaxKeyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeInBytes, MinKeyBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sizeInBytes, MaxKeyBytes);
        return Convert.ToBase64String(RandomNumberGenerator.GetBytes(sizeInBytes));
    }

    /// <summary>
    /// Derives the device key of <paramref name="registrationId"/> from a group enrollment key.
    /// </summary>
    /// <param name="groupKey">The group's primary or secondary key, base64.</param>
    /// <param name="registrationId">The registration id exactly as the device uses it.</param>
    /// <returns>The 32-byte device key, base64 (44 characters).</returns>
    public static string DeriveDeviceKey(string groupKey, string registrationId)
    {
        ArgumentNullException.ThrowIfNull(registrationId);
        return Convert.ToBase64String(DeriveDeviceKeyBytes(Decode(groupKey, nameof(groupKey)), registrationId));
    }

    /// <summary>Checks that <paramref name="key"/> is base64 of 16 to 64 bytes.</summary>
    public static bool IsValidKey(string? key) => TryDecode(key, out _);

    internal static byte[] DeriveDeviceKeyBytes(byte[] groupKey, string registrationId) =>
        HMACSHA256.HashData(groupKey, Encoding.UTF8.GetBytes(registrationId));

    internal static byte[] Decode(string? key, string what)
    {
        if (!TryDecode(key, out var bytes))
        {
            throw new ArgumentException(
                $"{what} must be base64 of {MinKeyBytes} to {MaxKeyBytes} bytes.", what);
        }

        return bytes;
    }

    internal static bool TryDecode(string? key, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            return false;
        }

        var buffer = new byte[key.Length];
        if (!Convert.TryFromBase64String(key, buffer, out var written)
            || written < MinKeyBytes || written > MaxKeyBytes)
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
