using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NanoDps.Emulator;

/// <summary>
/// A parsed <c>Authorization: SharedAccessSignature sr=..&amp;sig=..&amp;se=..[&amp;skn=..]</c> header,
/// verified the way the service does: the HMAC is computed over <c>sr</c> exactly as received
/// (still url-encoded, whatever hex case) + <c>"\n"</c> + <c>se</c> exactly as received.
/// </summary>
internal sealed class SharedAccessSignature
{
    private const string Scheme = "SharedAccessSignature ";

    private SharedAccessSignature(string resource, byte[] signature, string expiry, long expiryUnixSeconds, string? keyName)
    {
        Resource = resource;
        Signature = signature;
        Expiry = expiry;
        ExpiryUnixSeconds = expiryUnixSeconds;
        KeyName = keyName;
    }

    /// <summary>The <c>sr</c> field exactly as received.</summary>
    public string Resource { get; }

    /// <summary>The <c>se</c> field exactly as received.</summary>
    public string Expiry { get; }

    /// <summary>The <c>se</c> field as Unix seconds.</summary>
    public long ExpiryUnixSeconds { get; }

    /// <summary>The <c>skn</c> field, or null when absent.</summary>
    public string? KeyName { get; }

    /// <summary>The decoded signature bytes (never logged or stored).</summary>
    private byte[] Signature { get; }

    /// <summary>
    /// Parses the header. Fields may come in any order; <c>sr</c>, <c>sig</c> and <c>se</c> are
    /// required, each at most once.
    /// </summary>
    public static bool TryParse(string? header, out SharedAccessSignature? sas, out AuthFailure failure)
    {
        sas = null;
        failure = AuthFailure.MalformedToken;
        if (header is null)
        {
            failure = AuthFailure.MissingToken;
            return false;
        }

        if (header.Length > 4096 || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string? sr = null, sig = null, se = null, skn = null;
        foreach (var field in header.AsSpan(Scheme.Length).Trim().ToString().Split('&'))
        {
            var eq = field.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            var name = field[..eq];
            var value = field[(eq + 1)..];
            ref var slot = ref sr;
            switch (name)
            {
                case "sr": slot = ref sr; break;
                case "sig": slot = ref sig; break;
                case "se": slot = ref se; break;
                case "skn": slot = ref skn; break;
                default: return false;
            }

            if (slot is not null)
            {
                return false; // a field twice
            }

            slot = value;
        }

        if (string.IsNullOrEmpty(sr) || string.IsNullOrEmpty(sig) || string.IsNullOrEmpty(se))
        {
            return false;
        }

        if (!long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return false;
        }

        string decodedSig;
        try
        {
            decodedSig = Uri.UnescapeDataString(sig);
        }
        catch (UriFormatException)
        {
            return false;
        }

        var signature = new byte[decodedSig.Length];
        if (!Convert.TryFromBase64String(decodedSig, signature, out var written))
        {
            return false;
        }

        sas = new SharedAccessSignature(sr, signature[..written], se, expiry, skn);
        failure = AuthFailure.None;
        return true;
    }

    /// <summary>
    /// True when <c>sr</c>, url-decoded, equals <paramref name="expectedResource"/> ignoring case.
    /// </summary>
    public bool HasResource(string expectedResource)
    {
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(Resource);
        }
        catch (UriFormatException)
        {
            return false;
        }

        return decoded.Equals(expectedResource, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True when the token has not expired, allowing <paramref name="clockSkew"/> for a device clock
    /// that runs behind or ahead: valid while <c>now &lt; se + clockSkew</c>.
    /// </summary>
    public bool IsUnexpired(DateTimeOffset now, TimeSpan clockSkew) =>
        ExpiryUnixSeconds > now.ToUnixTimeSeconds() - (long)clockSkew.TotalSeconds;

    /// <summary>
    /// Fixed-time check that the signature is HMAC-SHA256(key, utf8(sr + "\n" + se)) with the fields
    /// exactly as received.
    /// </summary>
    public bool IsSignedWith(ReadOnlySpan<byte> key)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var message = Encoding.UTF8.GetBytes(Resource + "\n" + Expiry);
        HMACSHA256.HashData(key, message, expected);
        return CryptographicOperations.FixedTimeEquals(expected, Signature);
    }
}
