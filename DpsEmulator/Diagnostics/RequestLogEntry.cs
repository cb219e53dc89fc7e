namespace NanoDps.Emulator;

/// <summary>
/// One request as the emulator saw it. Holds no secret: no header, no query, no body, no signature.
/// </summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path without the query string.</param>
/// <param name="Status">HTTP status sent (for a truncated answer, the status declared); 0 when the connection was reset.</param>
/// <param name="StartUtc">When the request arrived (emulator's TimeProvider).</param>
/// <param name="EndUtc">When the answer was finished.</param>
/// <param name="RegistrationId">Registration id from the path (device id for the hub), or null.</param>
/// <param name="Kind">What the request was.</param>
/// <param name="Fault">Injected fault (<c>throttle</c>, <c>server-error-500</c>, <c>server-error-503</c>, <c>connection-reset</c>, <c>slow</c>, <c>truncated</c>, <c>malformed</c>) or null.</param>
/// <param name="Detail">Why a 4xx was sent (e.g. <c>token expired</c>), or null; never a key or signature.</param>
/// <param name="NewConnection">True when this was the first request for <paramref name="RegistrationId"/> on its TLS connection (it cost a handshake); null otherwise.</param>
public sealed record RequestLogEntry(
    string Method,
    string Path,
    int Status,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string? RegistrationId,
    RequestKind Kind,
    string? Fault,
    string? Detail,
    bool? NewConnection = null);
