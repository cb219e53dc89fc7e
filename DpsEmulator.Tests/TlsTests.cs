using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>HTTPS only, TLS 1.2+, the emulator's own CA and a server certificate for loopback and every hub name.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Ca_pem_is_a_ten_year_root_and_the_server_certificate_covers_loopback_and_every_hub()
    {
        await using var emu = await TestEmulator.StartAsync();
        var ca = TrustedHttp.LoadCa(emu.Server.CaCertificatePath);
        Assert.Equal(Path.Combine(emu.Server.DataFolder, "ca.pem"), emu.Server.CaCertificatePath);
        Assert.Equal(ca.Thumbprint, emu.Server.CaCertificate.Thumbprint);
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.InRange((ca.NotAfter - ca.NotBefore).TotalDays, 365 * 10, 365 * 10 + 5);
        Assert.False(ca.HasPrivateKey);

        var leaf = await ServerCertificateAsync(emu.Server.CaCertificatePath, emu.Server.Port, TestEmulator.Hub2);
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(new[] { "localhost", TestEmulator.Hub1, TestEmulator.Hub2 }.Order(), san.EnumerateDnsNames().Order());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], san.EnumerateIPAddresses());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData(TestEmulator.Hub1)]
    [InlineData(TestEmulator.Hub2)]
    public async Task Client_trusting_only_ca_pem_connects_with_each_name(string host)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var client = new HttpClient(TrustedHttp.Handler(emu.Server.CaCertificatePath));
        using var response = await client.GetAsync($"https://{host}:{emu.Server.Port}/unknown");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // TLS worked; the path is unknown
    }

    [Fact]
    public async Task Name_not_in_the_certificate_is_refused_by_the_validation()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var client = new HttpClient(TrustedHttp.Handler(emu.Server.CaCertificatePath));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://other.example.test:{emu.Server.Port}/"));
    }

    [Fact]
    public async Task Client_with_system_roots_only_refuses_the_emulator()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var client = new HttpClient();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(emu.Server.BaseAddress));
        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task Plain_http_gets_no_answer()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{emu.Server.Port}/"));
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls_1_2_and_1_3_are_negotiated(SslProtocols protocol)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, emu.Server.Port);
        await using var tls = new SslStream(tcp.GetStream());
        var ca = TrustedHttp.LoadCa(emu.Server.CaCertificatePath);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = TestEmulator.Hub1,
            EnabledSslProtocols = protocol,
            RemoteCertificateValidationCallback = (_, c, _, e) => TrustedHttp.Validate(ca, c, e),
        });
        Assert.Equal(protocol, tls.SslProtocol);
    }

    [Fact]
    public async Task Tls_1_1_is_refused_by_the_server()
    {
        await using var emu = await TestEmulator.StartAsync();
        // openssl offers TLS 1.1 when told to (SECLEVEL 0); the server must answer with a protocol_version alert.
        var (exitCode, output) = await RunAsync("openssl", $"s_client -connect 127.0.0.1:{emu.Server.Port} -tls1_1 -cipher DEFAULT@SECLEVEL=0 -servername localhost");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("alert protocol version", output, StringComparison.OrdinalIgnoreCase);

        var (okCode, okOutput) = await RunAsync("openssl", $"s_client -connect 127.0.0.1:{emu.Server.Port} -tls1_2 -servername localhost -CAfile {emu.Server.CaCertificatePath} -verify_return_error");
        Assert.Equal(0, okCode);
        Assert.Contains("Verify return code: 0 (ok)", okOutput);
    }

    [Fact]
    public async Task New_hub_name_is_added_to_the_certificate_at_once_and_on_disk()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.Server.Enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup
        {
            EnrollmentGroupId = "new-hub-group",
            PrimaryKey = SymmetricKeys.GenerateKey(),
            IotHubs = ["hub-new.dps-emulator.local"],
        });

        using var client = new HttpClient(TrustedHttp.Handler(emu.Server.CaCertificatePath));
        using var response = await client.GetAsync($"https://hub-new.dps-emulator.local:{emu.Server.Port}/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var onDisk = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(emu.Server.DataFolder, "server.pem")));
        Assert.Contains("hub-new.dps-emulator.local", onDisk.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
    }

    [Fact]
    public async Task Restart_keeps_the_server_certificate_unless_the_hub_set_changed()
    {
        using var folder = new TempFolder();
        string serverPem;
        await using (var first = await TestEmulator.StartAsync(folder: folder.Path))
        {
            serverPem = File.ReadAllText(Path.Combine(folder.Path, "server.pem"));
        }

        await using (var same = await TestEmulator.StartAsync(folder: folder.Path))
        {
            Assert.Equal(serverPem, File.ReadAllText(Path.Combine(folder.Path, "server.pem")));
        }

        // Edit enrollments.json by hand: a third hub.
        var path = Path.Combine(folder.Path, "enrollments.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"hub-2.dps-emulator.local\"", "\"hub-2.dps-emulator.local\", \"hub-3.dps-emulator.local\""));
        await using var changed = await TestEmulator.StartAsync(folder: folder.Path);
        Assert.NotEqual(serverPem, File.ReadAllText(Path.Combine(folder.Path, "server.pem")));
        var leaf = await ServerCertificateAsync(changed.Server.CaCertificatePath, changed.Server.Port, "hub-3.dps-emulator.local");
        Assert.Contains("hub-3.dps-emulator.local", leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
    }

    [Fact]
    public async Task Library_http_handler_trusts_the_emulator_and_reaches_hub_names()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var client = new HttpClient(emu.Server.CreateHttpHandler());
        using var dps = await client.GetAsync(new Uri(emu.Server.BaseAddress, "unknown"));
        using var hub = await client.GetAsync(emu.Server.GetHubAddress(TestEmulator.Hub1));
        Assert.Equal(HttpStatusCode.NotFound, dps.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hub.StatusCode);
        Assert.Equal("application/json", hub.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404000, (await hub.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errorCode").GetInt32());
    }

    private static async Task<X509Certificate2> ServerCertificateAsync(string caPath, int port, string serverName)
    {
        var ca = TrustedHttp.LoadCa(caPath);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        X509Certificate2? seen = null;
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = (_, c, _, e) =>
            {
                seen = c is null ? null : X509CertificateLoader.LoadCertificate(c.GetRawCertData());
                return TrustedHttp.Validate(ca, c, e);
            },
        });
        return seen!;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
