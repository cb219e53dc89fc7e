using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace NanoDps.VirtualDevice.Tests.Support;

/// <summary>
/// A one-connection-at-a-time HTTPS server on loopback that answers each request with bytes the test
/// chooses (or misbehaves as told), to drive the HTTP adapter through what DPS and networks do.
/// Its certificate (CN/SAN localhost) comes from its own root CA, written to <see cref="CaPath"/>.
/// </summary>
public sealed class CannedHttpsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CannedHttpsServer(string folder, Func<string, Answer> answer)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Canned Test Root", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaPath = Path.Combine(folder, "canned-ca.pem");
        File.WriteAllText(CaPath, ca.ExportCertificatePem());

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 leaf = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), [1, 2, 3, 4]);
        using X509Certificate2 withKey = leaf.CopyWithPrivateKey(key);
        _certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        _listener.Start();
        _loop = Task.Run(() => ServeAsync(answer));
    }

    public string CaPath { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The requests received, as text (headers and body).</summary>
    public List<string> Requests { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _certificate.Dispose();
    }

    private async Task ServeAsync(Func<string, Answer> answer)
    {
        while (!_stop.IsCancellationRequested)
        {
            using Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            try
            {
                await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                string text = await ReadRequestAsync(tls);
                lock (Requests)
                {
                    Requests.Add(text);
                }

                Answer reply = answer(text);
                if (reply.Stall)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                await tls.WriteAsync(reply.Bytes);
                await tls.FlushAsync();
                if (reply.StallAfter)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                if (reply.Reset)
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
            }
        }
    }

    private static async Task<string> ReadRequestAsync(Stream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!Encoding.ASCII.GetString(buffer.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
        {
            buffer.Add(one[0]);
        }

        string head = Encoding.ASCII.GetString(buffer.ToArray());
        int length = head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        int read = 0;
        while (read < length)
        {
            read += await stream.ReadAsync(body.AsMemory(read));
        }

        return head + Encoding.UTF8.GetString(body);
    }

    /// <summary>What to send: raw bytes, then close normally or reset; or never answer.</summary>
    public sealed record Answer(byte[] Bytes, bool Reset = false, bool Stall = false, bool StallAfter = false)
    {
        public static Answer Http(string statusLine, string body = "", params string[] headers) =>
            new(Encoding.UTF8.GetBytes($"HTTP/1.1 {statusLine}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}"));

        /// <summary>Headers announce <paramref name="declared"/> bytes, <paramref name="body"/> is sent, the connection is closed.</summary>
        public static Answer Cut(string statusLine, string body, int declared) =>
            new(Encoding.UTF8.GetBytes($"HTTP/1.1 {statusLine}\r\nContent-Length: {declared}\r\n\r\n{body}"));

        /// <summary>Headers announce <paramref name="declared"/> bytes, <paramref name="body"/> is sent, then nothing more: a stalled body.</summary>
        public static Answer StalledBody(string statusLine, string body, int declared) =>
            new(Encoding.UTF8.GetBytes($"HTTP/1.1 {statusLine}\r\nContent-Length: {declared}\r\n\r\n{body}"), StallAfter: true);

        public static Answer Nothing() => new([], Reset: true);

        public static Answer Never() => new([], Stall: true);
    }
}
