using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>
/// Sends bytes that no HTTP client library would send (a NUL in the path, a 20 KB path, a bad
/// header) over a real TLS connection that trusts only the emulator CA, and reads one answer.
/// </summary>
internal static class RawHttps
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    public static async Task<Answer> SendAsync(DpsEmulatorServer server, byte[] request, string host = "localhost")
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        await using var tls = new SslStream(client.GetStream());
        using var ca = X509CertificateLoader.LoadCertificate(server.CaCertificate.RawData);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedHttp.Validate(ca, certificate, errors),
        });
        // The server may answer (and close) before it has read all of a large body: read while writing.
        var answer = ReadAnswerAsync(tls);
        try
        {
            await tls.WriteAsync(request);
            await tls.FlushAsync();
        }
        catch (IOException)
        {
            // Answered (and closed) before the request was fully sent: the answer is what counts.
            if (await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(5))) != answer)
            {
                throw;
            }
        }

        return await answer;
    }

    public static Task<Answer> SendAsync(DpsEmulatorServer server, string request, string host = "localhost") =>
        SendAsync(server, Encoding.Latin1.GetBytes(request), host);

    private static async Task<Answer> ReadAnswerAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int headEnd;
        while ((headEnd = IndexOf(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                throw new IOException($"connection closed before a full answer head: {Encoding.Latin1.GetString(buffer.ToArray())}");
            }

            buffer.Write(chunk, 0, read);
        }

        var head = Encoding.Latin1.GetString(buffer.GetBuffer(), 0, headEnd).Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var bodyStart = headEnd + 4;
        while (buffer.Length < bodyStart + length)
        {
            var read = await stream.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        var body = Encoding.UTF8.GetString(buffer.GetBuffer(), bodyStart, (int)Math.Min(length, buffer.Length - bodyStart));
        return new Answer(status, headers, body);
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}
