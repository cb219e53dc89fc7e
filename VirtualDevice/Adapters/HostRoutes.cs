using System.Net;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// The virtual device's answer to "where is this host?": normally DNS, but a host name listed here
/// connects to a fixed address and port instead (like curl's --resolve or an /etc/hosts entry).
/// The embedded emulator uses it so that <c>localhost</c> and its hub names reach it on its port;
/// TLS still checks the server certificate against the host name the device asked for.
/// </summary>
public sealed class HostRoutes
{
    private readonly Dictionary<string, IPEndPoint> _routes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every route, host name to address.</summary>
    public IReadOnlyDictionary<string, IPEndPoint> Routes => _routes;

    /// <summary>Sends connections to <paramref name="host"/> (any port) to <paramref name="target"/>.</summary>
    public void Add(string host, IPEndPoint target) => _routes[host] = target;

    /// <summary>Parses "host=address:port" (the --resolve option); null with <paramref name="problem"/> when it is not that.</summary>
    public static KeyValuePair<string, IPEndPoint>? ParseRoute(string text, out string? problem)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0 && IPEndPoint.TryParse(text[(equals + 1)..], out IPEndPoint? target) && target.Port != 0
            && Uri.CheckHostName(text[..equals]) == UriHostNameType.Dns)
        {
            problem = null;
            return new KeyValuePair<string, IPEndPoint>(text[..equals], target);
        }

        problem = $"must be HOST=ADDRESS:PORT, like hub-1.dps-emulator.local=127.0.0.1:8443 (got '{text}')";
        return null;
    }

    /// <summary>Where a connection to <paramref name="requested"/> goes.</summary>
    public EndPoint Resolve(DnsEndPoint requested) =>
        _routes.TryGetValue(requested.Host, out IPEndPoint? target) ? target : requested;
}
