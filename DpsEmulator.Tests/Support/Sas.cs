using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>The tests' own SAS signer (the DPS docs' algorithm), independent of the emulator.</summary>
internal static partial class Sas
{
    public static string DeriveKey(string groupKey, string registrationId) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(groupKey), Encoding.UTF8.GetBytes(registrationId)));

    /// <summary>urlencode(resource) with upper-case escapes (%2F) or lower-case ones (%2f).</summary>
    public static string Encode(string resource, bool lowercaseEscapes = false)
    {
        var encoded = Uri.EscapeDataString(resource);
        return lowercaseEscapes ? Escape().Replace(encoded, m => m.Value.ToLowerInvariant()) : encoded;
    }

    public static string Signature(string srAsSent, string se, string key) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(srAsSent + "\n" + se)));

    /// <summary>A token whose HMAC is over <paramref name="srAsSent"/> exactly.</summary>
    public static string Token(string srAsSent, string key, long expiry, string? skn = "registration")
    {
        var se = expiry.ToString(CultureInfo.InvariantCulture);
        var sig = Uri.EscapeDataString(Signature(srAsSent, se, key));
        return $"SharedAccessSignature sr={srAsSent}&sig={sig}&se={se}" + (skn is null ? string.Empty : $"&skn={skn}");
    }

    /// <summary>A registration token valid for an hour from <paramref name="now"/>.</summary>
    public static string ForRegistration(string idScope, string registrationId, string deviceKey, DateTimeOffset now, bool lowercaseEscapes = false) =>
        Token(Encode($"{idScope}/registrations/{registrationId}", lowercaseEscapes), deviceKey, now.AddHours(1).ToUnixTimeSeconds());

    /// <summary>A hub device token (no skn) valid for an hour.</summary>
    public static string ForHub(string hub, string deviceId, string deviceKey, DateTimeOffset now) =>
        Token(Encode($"{hub}/devices/{deviceId}"), deviceKey, now.AddHours(1).ToUnixTimeSeconds(), skn: null);

    /// <summary>The base64 signature inside a token (to check it never leaks).</summary>
    public static string SignatureOf(string token)
    {
        var sig = token.Split(' ', 2)[1].Split('&').Single(f => f.StartsWith("sig=", StringComparison.Ordinal))[4..];
        return Uri.UnescapeDataString(sig);
    }

    [GeneratedRegex("%[0-9A-F]{2}")]
    private static partial Regex Escape();
}
