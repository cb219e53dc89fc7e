using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using NanoDps.Emulator;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// The device's TLS policy, as the board applies it with mbedTLS: TLS 1.2 or later, the server
/// certificate must chain to one of the configured roots (custom root trust: no system store, no
/// certificate downloads, no revocation fetch) and name the host asked for. Never "accept any".
/// One per connection: it remembers why it refused the certificate, so a failure can say so in words.
/// </summary>
public sealed class TlsTrust
{
    private readonly Action? _certificateArrived;
    private SslPolicyErrors _errors;
    private string _chainStatus = string.Empty;

    /// <summary>
    /// A policy that trusts <paramref name="roots"/> and nothing else; <paramref name="certificateArrived"/>
    /// is told when the server's certificate arrives (the handshake got an answer).
    /// </summary>
    public TlsTrust(TrustedRoots roots, Action? certificateArrived = null)
    {
        _certificateArrived = certificateArrived;
        ClientOptions = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateChainPolicy = CustomRootTrust.ChainPolicy(roots.Certificates),
            RemoteCertificateValidationCallback = Check,
        };
    }

    /// <summary>The options to give SocketsHttpHandler.</summary>
    public SslClientAuthenticationOptions ClientOptions { get; }

    /// <summary>Why the last certificate of <paramref name="host"/> (shown as <paramref name="where"/>) was refused, or null.</summary>
    public string? Refusal(string host, string where)
    {
        if (_errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            return _chainStatus.Contains(nameof(X509ChainStatusFlags.NotTimeValid), StringComparison.Ordinal)
                ? $"TLS: the certificate of {where} is expired or not yet valid ({_chainStatus}); check the clock"
                : $"TLS: the server certificate of {where} is not trusted by the configured root CAs ({_chainStatus})";
        }

        if (_errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"TLS: the server certificate does not name {host} (host name mismatch)";
        }

        return _errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) ? $"TLS: {where} sent no certificate" : null;
    }

    private bool Check(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        _certificateArrived?.Invoke();
        _errors = errors;
        if (chain is not null)
        {
            _chainStatus = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        }

        return errors == SslPolicyErrors.None;
    }
}
