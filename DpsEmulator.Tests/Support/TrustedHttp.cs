using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>
/// HTTP clients that trust ca.pem only (custom root trust, host name must match; never accept-any),
/// and connect every name to 127.0.0.1 so hub host names reach the emulator with the right SNI.
/// </summary>
internal static class TrustedHttp
{
    public static X509Certificate2 LoadCa(string caPemPath) => X509Certificate2.CreateFromPem(File.ReadAllText(caPemPath));

    /// <inheritdoc cref="CustomRootTrust.Validate"/>
    public static bool Validate(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors) => CustomRootTrust.Validate(ca, certificate, errors);

    public static SocketsHttpHandler Handler(string caPemPath, bool newConnectionEachRequest = false)
    {
        var ca = LoadCa(caPemPath);
        return new SocketsHttpHandler
        {
            SslOptions = CustomRootTrust.ClientOptions(ca),
            PooledConnectionLifetime = newConnectionEachRequest ? TimeSpan.Zero : Timeout.InfiniteTimeSpan,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
    }
}
