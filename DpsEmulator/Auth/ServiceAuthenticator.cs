using Microsoft.AspNetCore.Http;

namespace NanoDps.Emulator;

/// <summary>
/// Checks the service API's <c>Authorization: SharedAccessSignature sr={host}&amp;sig=..&amp;se=..&amp;skn={policy}</c>
/// as DPS does, accepting what each official client sends (docs/emulator.md "Service API"):
/// <c>sr</c> raw (Node), url-encoded (C#, the CLI), with or without <c>:port</c>, any field order.
/// </summary>
internal sealed class ServiceAuthenticator : IRequestAuthenticator
{
    private readonly ServiceCredentials _credentials;
    private readonly IReadOnlyCollection<string> _hostNames;
    private readonly DpsEmulatorOptions _options;

    /// <param name="credentials">The policy and its keys.</param>
    /// <param name="hostNames">Names <c>sr</c> may give besides the request's Host: localhost, the listen address, the connection string's HostName.</param>
    /// <param name="options">Clock and clock skew.</param>
    public ServiceAuthenticator(ServiceCredentials credentials, IReadOnlyCollection<string> hostNames, DpsEmulatorOptions options)
    {
        _credentials = credentials;
        _hostNames = hostNames;
        _options = options;
    }

    /// <summary><see cref="AuthFailure.None"/> when the request carries a valid service token.</summary>
    public AuthFailure Authenticate(HttpRequest request, Route route, out Caller caller)
    {
        caller = Caller.Nobody;
        var header = request.Headers.Authorization;
        var value = header.Count == 1 ? header[0] : null;
        if (value is not null && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthFailure.BearerToken;
        }

        if (!SharedAccessSignature.TryParse(value, out var sas, out var failure))
        {
            return failure;
        }

        if (sas!.KeyName is null || !Uri.UnescapeDataString(sas.KeyName).Equals(ServiceCredentials.PolicyName, StringComparison.OrdinalIgnoreCase))
        {
            return AuthFailure.UnknownPolicy;
        }

        if (!NamesThisService(sas.Resource, request))
        {
            return AuthFailure.ServiceResourceMismatch;
        }

        if (!sas.IsUnexpired(_options.TimeProvider.GetUtcNow(), _options.ClockSkew))
        {
            return AuthFailure.Expired;
        }

        var signed = false;
        foreach (var key in _credentials.Keys)
        {
            signed |= sas.IsSignedWith(key); // no early exit: same work for either key
        }

        return signed ? AuthFailure.None : AuthFailure.ServiceSignatureMismatch;
    }

    /// <summary>
    /// <c>sr</c>, url-decoded: its first segment less any <c>:port</c> is this service's host (the
    /// request's Host or a known name, any case), and any further segments are a prefix of the path.
    /// </summary>
    private bool NamesThisService(string resource, HttpRequest request)
    {
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(resource);
        }
        catch (UriFormatException)
        {
            return false;
        }

        var slash = decoded.IndexOf('/', StringComparison.Ordinal);
        var host = WithoutPort(slash < 0 ? decoded : decoded[..slash]);
        var known = host.Equals(request.Host.Host, StringComparison.OrdinalIgnoreCase)
            || _hostNames.Any(h => h.Equals(host, StringComparison.OrdinalIgnoreCase));
        if (!known)
        {
            return false;
        }

        if (slash < 0 || slash == decoded.Length - 1)
        {
            return true;
        }

        var scope = decoded[slash..].TrimEnd('/');
        var path = request.Path.Value ?? "/";
        return path.Equals(scope, StringComparison.OrdinalIgnoreCase) || path.StartsWith(scope + "/", StringComparison.OrdinalIgnoreCase);
    }

    private static string WithoutPort(string host)
    {
        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? host[1..end] : host;
        }

        var colon = host.LastIndexOf(':');
        return colon > 0 && host.IndexOf(':') == colon ? host[..colon] : host;
    }
}
