using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Playwright;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.BrowserTests.Support;

/// <summary>
/// Debian's headless Chromium (the <c>chromium</c> found in PATH) driven by Playwright, for one emulator. Chromium accepts exactly the
/// certificate that emulator serves (its public key pinned with --ignore-certificate-errors-spki-list,
/// after this class checked that it chains to the emulator's ca.pem) and no other certificate error.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public string Version => _browser.Version;

    /// <summary>
    /// Starts Chromium for <paramref name="server"/>; skips the test when Chromium is missing (it fails
    /// under CI=true instead), naming the Debian package.
    /// </summary>
    public static async Task<HeadlessChromium> LaunchAsync(DpsEmulatorServer server)
    {
        RequireInstalled();
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium")).First(File.Exists); // Debian's package: /usr/bin/chromium
        var spki = await ServedKeyPinAsync(server);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                // Playwright starts it with a new, empty --user-data-dir of its own.
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--ignore-certificate-errors-spki-list=" + spki,
                ],
                Timeout = 60_000,
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Skips the test at once when Chromium is missing (fails under CI=true), naming the Debian package.</summary>
    public static void RequireInstalled() => ProcessRunner.Require(("chromium", "chromium"));

    /// <summary>A new page in a new context (no cookies shared with other pages).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>base64(SHA-256(SubjectPublicKeyInfo)) of the certificate the emulator serves, once it is checked against ca.pem.</summary>
    private static async Task<string> ServedKeyPinAsync(DpsEmulatorServer server)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        await using var tls = new SslStream(tcp.GetStream());
        var ca = TrustedHttp.LoadCa(server.CaCertificatePath);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedHttp.Validate(ca, certificate, errors),
        });
        using var served = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
        return Convert.ToBase64String(SHA256.HashData(served.PublicKey.ExportSubjectPublicKeyInfo()));
    }
}
