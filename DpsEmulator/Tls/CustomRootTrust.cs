using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace NanoDps.Emulator;

/// <summary>
/// Trusting given root CAs and nothing else (no system store, no certificate downloads, no
/// revocation fetch), as a board trusts its configured roots: the one place the host-side tools,
/// the tests and the virtual device build that policy. Never "accept any".
/// </summary>
public static class CustomRootTrust
{
    /// <summary>A chain policy that trusts <paramref name="roots"/> only.</summary>
    public static X509ChainPolicy ChainPolicy(IEnumerable<X509Certificate2> roots)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        foreach (var root in roots)
        {
            policy.CustomTrustStore.Add(root);
        }

        return policy;
    }

    /// <summary>True when <paramref name="certificate"/> was sent, names the host asked for, and chains to <paramref name="root"/>.</summary>
    public static bool Validate(X509Certificate2 root, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return ChainsTo(root, leaf);
    }

    /// <summary>True when <paramref name="leaf"/> chains to <paramref name="root"/>.</summary>
    public static bool ChainsTo(X509Certificate2 root, X509Certificate2 leaf)
    {
        using var chain = new X509Chain { ChainPolicy = ChainPolicy([root]) };
        return chain.Build(leaf);
    }

    /// <summary>TLS client options that trust <paramref name="root"/> only (<see cref="Validate"/>).</summary>
    public static SslClientAuthenticationOptions ClientOptions(X509Certificate2 root) =>
        new() { RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(root, certificate, errors) };
}
