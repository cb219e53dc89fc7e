using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// The emulator's own root CA (ECDSA P-256, 10 years) and the TLS server certificate it signs
/// (ECDSA P-256, 397 days) for <c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c> and every linked hub
/// host name. Kept in the data folder: <c>ca.pem</c>, <c>ca.key.pem</c>, <c>server.pem</c>,
/// <c>server.key.pem</c>. The server certificate is made anew when the hub set changes, when it
/// expires within 30 days, or when it was not signed by the current CA.
/// </summary>
/// <remarks>Certificate validity uses the real clock, never the emulator's TimeProvider: TLS peers check it.</remarks>
internal sealed class CertificateAuthority : IDisposable
{
    public const string CaFileName = "ca.pem";
    private const string CaKeyFileName = "ca.key.pem";
    private const string ServerFileName = "server.pem";
    private const string ServerKeyFileName = "server.key.pem";

    private readonly string _folder;
    private readonly X509Certificate2 _caWithKey;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private volatile ServerCertificate _server;

    private CertificateAuthority(string folder, X509Certificate2 caWithKey, ILogger logger)
    {
        _folder = folder;
        _caWithKey = caWithKey;
        _logger = logger;
        CaCertificate = X509CertificateLoader.LoadCertificate(caWithKey.RawData);
        _server = null!;
    }

    /// <summary>The root certificate (public part only).</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>Full path of <c>ca.pem</c>.</summary>
    public string CaPath => Path.Combine(_folder, CaFileName);

    /// <summary>The current server certificate with its TLS context.</summary>
    public ServerCertificate Server => _server;

    /// <summary>Loads the CA and server certificate from <paramref name="folder"/>, creating what is missing or stale.</summary>
    public static CertificateAuthority LoadOrCreate(string folder, IEnumerable<string> hubNames, ILogger logger)
    {
        var ca = LoadCa(folder, logger) ?? CreateCa(folder, logger);
        var authority = new CertificateAuthority(folder, ca, logger);
        authority._server = authority.LoadServer(hubNames) ?? authority.CreateServer(hubNames);
        return authority;
    }

    /// <summary>Makes a new server certificate if <paramref name="hubNames"/> differs from the one in use.</summary>
    public void EnsureServerCertificate(IEnumerable<string> hubNames)
    {
        lock (_lock)
        {
            var wanted = Normalize(hubNames);
            if (!_server.HubNames.SequenceEqual(wanted))
            {
                _server = CreateServer(wanted);
            }
        }
    }

    public void Dispose()
    {
        _caWithKey.Dispose();
        CaCertificate.Dispose();
    }

    private static string[] Normalize(IEnumerable<string> hubNames) =>
        [.. hubNames.Select(h => h.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal)];

    private static X509Certificate2? LoadCa(string folder, ILogger logger)
    {
        var certPath = Path.Combine(folder, CaFileName);
        var keyPath = Path.Combine(folder, CaKeyFileName);
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            return null;
        }

        try
        {
            var ca = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            if (ca.NotAfter.ToUniversalTime() < DateTime.UtcNow.AddDays(30))
            {
                logger.LogWarning("The emulator CA in {Path} expires on {NotAfter:u}; creating a new one (clients must trust the new ca.pem).", certPath, ca.NotAfter);
                ca.Dispose();
                return null;
            }

            return ca;
        }
        catch (CryptographicException e)
        {
            logger.LogWarning("Cannot read the emulator CA in {Path} ({Message}); creating a new one.", certPath, e.Message);
            return null;
        }
    }

    private static X509Certificate2 CreateCa(string folder, ILogger logger)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=nanoDps DPS Emulator Root CA, O=nanoDps", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        WritePem(Path.Combine(folder, CaFileName), ca.ExportCertificatePem(), secret: false);
        WritePem(Path.Combine(folder, CaKeyFileName), key.ExportPkcs8PrivateKeyPem(), secret: true);
        logger.LogInformation("Created the emulator root CA {Path} (valid until {NotAfter:u}).", Path.Combine(folder, CaFileName), ca.NotAfter);
        return X509Certificate2.CreateFromPemFile(Path.Combine(folder, CaFileName), Path.Combine(folder, CaKeyFileName));
    }

    private static void WritePem(string path, string pem, bool secret)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, pem + "\n");
        if (secret && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }

    private ServerCertificate? LoadServer(IEnumerable<string> hubNames)
    {
        var certPath = Path.Combine(_folder, ServerFileName);
        var keyPath = Path.Combine(_folder, ServerKeyFileName);
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            return null;
        }

        try
        {
            using var loaded = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            var wanted = Normalize(hubNames);
            var san = loaded.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
            var names = san is null ? [] : Normalize(san.EnumerateDnsNames().Where(n => n != "localhost"));
            var signedByCa = loaded.Issuer == _caWithKey.Subject && IsSignedBy(loaded, _caWithKey);
            if (!signedByCa || !names.SequenceEqual(wanted) || loaded.NotAfter.ToUniversalTime() < DateTime.UtcNow.AddDays(30))
            {
                return null;
            }

            return ServerCertificate.Create(loaded, wanted);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static bool IsSignedBy(X509Certificate2 leaf, X509Certificate2 ca) => CustomRootTrust.ChainsTo(ca, leaf);

    private ServerCertificate CreateServer(IEnumerable<string> hubNames)
    {
        var hubs = Normalize(hubNames);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=nanoDps DPS Emulator", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        foreach (var hub in hubs)
        {
            san.AddDnsName(hub);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_caWithKey, true, false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now.AddDays(397) < _caWithKey.NotAfter ? now.AddDays(397) : new DateTimeOffset(_caWithKey.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(_caWithKey, now.AddDays(-1), notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        WritePem(Path.Combine(_folder, ServerFileName), withKey.ExportCertificatePem(), secret: false);
        WritePem(Path.Combine(_folder, ServerKeyFileName), key.ExportPkcs8PrivateKeyPem(), secret: true);
        _logger.LogInformation("Created the TLS server certificate for localhost, 127.0.0.1, ::1{Hubs}.", hubs.Length == 0 ? string.Empty : ", " + string.Join(", ", hubs));
        return ServerCertificate.Create(withKey, hubs);
    }
}

/// <summary>A server certificate with its private key, the hub names it covers, and a reusable TLS context.</summary>
internal sealed class ServerCertificate
{
    private ServerCertificate(X509Certificate2 certificate, string[] hubNames)
    {
        Certificate = certificate;
        HubNames = hubNames;
        Context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
    }

    public X509Certificate2 Certificate { get; }

    public string[] HubNames { get; }

    public SslStreamCertificateContext Context { get; }

    public static ServerCertificate Create(X509Certificate2 withKey, string[] hubNames)
    {
        // A PKCS#12 round trip gives a key that SslStream can use on every platform (Windows needs it).
        var pfx = withKey.Export(X509ContentType.Pkcs12);
        return new ServerCertificate(X509CertificateLoader.LoadPkcs12(pfx, null), hubNames);
    }
}
