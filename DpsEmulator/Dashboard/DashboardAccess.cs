using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace NanoDps.Emulator;

/// <summary>
/// Who may use the dashboard and its API. On loopback everyone on this machine may; beyond
/// loopback a browser signs in once with the service key and gets a session cookie
/// (<c>HttpOnly; Secure; SameSite=Strict</c>) that holds an expiry, a nonce and an HMAC over both
/// made with a key derived from the service key, never the key itself. State-changing calls are
/// guarded against cross-site requests: JSON only (a cross-site page cannot send that without a
/// CORS preflight, which is never granted), a foreign <c>Origin</c> or <c>Sec-Fetch-Site</c>
/// refused, and with a session the CSRF token bound to it in <see cref="CsrfHeader"/>.
/// </summary>
internal sealed class DashboardAccess
{
    /// <summary>The session cookie (the <c>__Host-</c> prefix makes browsers insist on Secure, Path=/ and no Domain).</summary>
    public const string CookieName = "__Host-nanodps-dashboard";

    /// <summary>The header a state-changing call carries the CSRF token in.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>How long a session lasts.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    private readonly byte[] _serviceKey;
    private readonly byte[] _sessionKey;
    private readonly byte[] _csrfKey;
    private readonly TimeProvider _time;

    public DashboardAccess(bool signInRequired, byte[] serviceKey, TimeProvider time)
    {
        SignInRequired = signInRequired;
        _serviceKey = serviceKey;
        // Keys of their own, so that neither a cookie nor a token is ever an HMAC made with the service key itself.
        _sessionKey = HMACSHA256.HashData(serviceKey, "nanodps dashboard session v1"u8);
        _csrfKey = HMACSHA256.HashData(serviceKey, "nanodps dashboard csrf v1"u8);
        _time = time;
    }

    /// <summary>True when the dashboard asks for the service key (the emulator listens beyond loopback).</summary>
    public bool SignInRequired { get; }

    /// <summary>Whether an emulator listening on <paramref name="listen"/> asks for the service key: everything but 127.0.0.0/8 and ::1.</summary>
    public static bool IsRequiredFor(IPAddress listen) => !IPAddress.IsLoopback(listen);

    /// <summary>True when <paramref name="connectionStringOrKey"/> holds the service key (compared in fixed time).</summary>
    public bool IsServiceKey(string? connectionStringOrKey) =>
        KeyOf(connectionStringOrKey) is { } key && CryptographicOperations.FixedTimeEquals(key, _serviceKey);

    /// <summary>A new session value: <c>expiry.nonce.mac</c>.</summary>
    public string NewSession()
    {
        var expiry = (_time.GetUtcNow() + SessionLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = expiry + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return payload + "." + Mac(_sessionKey, payload);
    }

    /// <summary>The <c>Set-Cookie</c> value that holds <paramref name="session"/>.</summary>
    public static string SessionCookie(string session) =>
        $"{CookieName}={session}; Path=/; Max-Age={(int)SessionLifetime.TotalSeconds}; Secure; HttpOnly; SameSite=Strict";

    /// <summary>The <c>Set-Cookie</c> value that removes the session cookie.</summary>
    public static string ExpiredCookie => $"{CookieName}=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict";

    /// <summary>The CSRF token of a session.</summary>
    public string CsrfTokenFor(string session) => Mac(_csrfKey, session);

    /// <summary>The valid, unexpired session the request's cookie holds, or null.</summary>
    public string? SessionOf(HttpRequest request)
    {
        var value = request.Cookies[CookieName];
        var parts = value?.Split('.');
        if (parts is not { Length: 3 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
            || expiry <= _time.GetUtcNow().ToUnixTimeSeconds())
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Mac(_sessionKey, parts[0] + "." + parts[1]));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])) ? value : null;
    }

    /// <summary>
    /// Whether the request may read the dashboard: always on loopback, else with a valid session.
    /// <paramref name="session"/> is the session (null on loopback).
    /// </summary>
    public bool MayRead(HttpRequest request, out string? session)
    {
        session = SignInRequired ? SessionOf(request) : null;
        return !SignInRequired || session is not null;
    }

    /// <summary>
    /// Null when a state-changing call may go ahead, else its status and why: not from this origin
    /// (403), not signed in (401), no or a wrong CSRF token (403).
    /// </summary>
    public (int Status, string Error)? RefuseChange(HttpRequest request)
    {
        if (CrossSite(request) is { } crossSite)
        {
            return (StatusCodes.Status403Forbidden, crossSite);
        }

        if (!MayRead(request, out var session))
        {
            return (StatusCodes.Status401Unauthorized, "sign in with the service key first (POST /emulator/signin)");
        }

        if (session is not null)
        {
            var sent = request.Headers[CsrfHeader];
            if (sent.Count != 1 || !CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes(sent[0] ?? string.Empty), Encoding.ASCII.GetBytes(CsrfTokenFor(session))))
            {
                return (StatusCodes.Status403Forbidden, $"the {CsrfHeader} header must carry this session's csrfToken (from GET /emulator/state)");
            }
        }

        return null;
    }

    /// <summary>Why a request comes from another site (a browser says so in Origin or Sec-Fetch-Site), or null.</summary>
    public static string? CrossSite(HttpRequest request)
    {
        var origin = request.Headers.Origin;
        if (origin.Count > 0 && !string.Equals(origin[0], "https://" + request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return "requests from another origin are refused";
        }

        var site = request.Headers["Sec-Fetch-Site"];
        return site.Count > 0 && site[0] is not ("same-origin" or "none") ? "requests from another site are refused" : null;
    }

    private static string Mac(byte[] key, string text) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// The key in what a user gives: a service connection string (its <c>SharedAccessKey</c>) or the
    /// base64 key alone; null when neither holds a key (base64 of 16 to 64 bytes, as every service key is).
    /// </summary>
    private static byte[]? KeyOf(string? connectionStringOrKey)
    {
        var text = connectionStringOrKey?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 4096)
        {
            return null;
        }

        return text.Contains(';') || text.Contains("SharedAccessKey=", StringComparison.OrdinalIgnoreCase) ? ServiceCredentials.KeyOf(text)
            : SymmetricKeys.TryDecode(text, out var key) ? key
            : null;
    }
}
