using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// The board writes HTTP/1.1 itself over its own TLS socket (to bound the handshake) with the core's
/// <see cref="HttpWire"/> and <see cref="HttpResponseReader"/>: here they talk to the real emulator
/// (Kestrel) over real TLS, as they will talk to DPS and IoT Hub.
/// </summary>
public sealed class WireTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    private static async Task<HttpResponseReader> ExchangeAsync(TestEmulator dps, DpsRequest request, int piece)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", dps.Server.Port);
        X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(dps.Server.CaCertificatePath);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(ca);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = request.Host.Split(':')[0], CertificateChainPolicy = policy });
        byte[] body = request.Body is null ? [] : Encoding.UTF8.GetBytes(request.Body);
        await tls.WriteAsync(Encoding.ASCII.GetBytes(HttpWire.RequestHead(request, body.Length)));
        await tls.WriteAsync(body);

        var reader = new HttpResponseReader(2048, 4096);
        var buffer = new byte[piece];
        int read;
        while (!reader.IsComplete && (read = await tls.ReadAsync(buffer)) > 0)
        {
            reader.Feed(buffer, 0, read);
        }

        reader.Closed();
        return reader;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(512)]
    public async Task A_registration_written_and_read_by_the_core_gets_the_emulators_real_answer(int piece)
    {
        await using var dps = await TestEmulator.StartAsync();
        _device.Secrets.AddGroupKey(dps.GroupKey);
        byte[] key = Convert.FromBase64String(Secrets.DeriveKey(dps.GroupKey, "wire-1"));
        string token = SasToken.Create(SasToken.DpsResource(dps.IdScope, "wire-1"), key, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600, SasToken.RegistrationKeyName, new HostHmac());
        _device.Secrets.AddToken(token);

        HttpResponseReader reader = await ExchangeAsync(dps, DpsRequests.Register("localhost", dps.IdScope, "wire-1", "2021-10-01", token, "{\"a\":1}"), piece);

        Assert.True(reader.Problem is null, reader.Problem);
        Assert.Equal(202, reader.StatusCode);
        Assert.Equal(1, reader.RetryAfterSeconds);
        DpsResponse? answer = AnswerJson.Parse(Encoding.UTF8.GetString(reader.Body, 0, reader.BodyLength), out string? problem);
        Assert.True(answer is not null, problem);
        Assert.Equal("assigning", answer.Status);
        Assert.False(string.IsNullOrEmpty(answer.OperationId));
        Assert.Equal(NanoDps.Emulator.RequestKind.Register, Assert.Single(dps.DpsRequests()).Kind);
    }

    [Fact]
    public async Task An_answer_without_a_body_and_an_error_answer_are_read_too()
    {
        await using var dps = await TestEmulator.StartAsync();
        _device.Secrets.AddGroupKey(dps.GroupKey);

        // A hub message for a device the hub does not know: the hub's 404 error body.
        DpsRequest unknown = HubRequests.DeviceToCloud(new ProvisionedDevice(TestEmulator.Hub1, "nobody", new byte[32], 1, 300, new HostHmac()), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "{}");
        _device.Secrets.AddToken(unknown.Authorization);
        HttpResponseReader refused = await ExchangeAsync(dps, unknown, 64);

        Assert.True(refused.Problem is null, refused.Problem);
        Assert.True(refused.StatusCode is 401 or 404, refused.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(refused.ResultWithoutBody());
    }

    public void Dispose() => _device.Dispose();
}
