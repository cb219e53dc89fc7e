using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary><see cref="IRootCertificates"/> of the virtual board: the roots were loaded from their PEM files before power-on (a bad file is a usage error).</summary>
public sealed class HostRoots(TrustedRoots roots) : IRootCertificates
{
    /// <inheritdoc/>
    public RootsResult Load() => RootsResult.Present(roots.Describe());
}
