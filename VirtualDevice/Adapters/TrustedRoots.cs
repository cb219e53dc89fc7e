using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// The root certificates the device trusts, and only them, as the board passes its PEM files from
/// I:\ to the TLS stack: DigiCert Global Root G2 and Microsoft RSA Root Certificate Authority 2017
/// for Azure, or an emulator's ca.pem.
/// </summary>
public sealed class TrustedRoots
{
    /// <summary>File names of the Azure roots shipped beside the program (folder <c>roots/</c>).</summary>
    public static readonly string[] AzureRootFiles = ["DigiCert_Global_Root_G2.pem", "Microsoft_RSA_Root_Certificate_Authority_2017.pem"];

    private TrustedRoots(X509Certificate2Collection certificates, IReadOnlyList<string> files)
    {
        Certificates = certificates;
        Files = files;
    }

    /// <summary>The roots.</summary>
    public X509Certificate2Collection Certificates { get; }

    /// <summary>The PEM files they came from.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The Azure roots shipped with the program.</summary>
    public static TrustedRoots Azure() =>
        FromFiles([.. AzureRootFiles.Select(f => Path.Combine(AppContext.BaseDirectory, "roots", f))]);

    /// <summary>Every certificate in the PEM files <paramref name="paths"/>.</summary>
    /// <exception cref="InvalidDataException">A file is missing, unreadable or holds no certificate.</exception>
    public static TrustedRoots FromFiles(IReadOnlyList<string> paths)
    {
        var certificates = new X509Certificate2Collection();
        foreach (string path in paths)
        {
            try
            {
                var before = certificates.Count;
                certificates.ImportFromPemFile(path);
                if (certificates.Count == before)
                {
                    throw new InvalidDataException($"{path} holds no PEM certificate");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new InvalidDataException($"cannot read the root certificate {path}: {e.Message}", e);
            }
        }

        return new TrustedRoots(certificates, [.. paths.Select(Path.GetFullPath)]);
    }

    /// <summary>"CN of each root" for the log.</summary>
    public string Describe() => string.Join(", ", Certificates.Select(c => c.GetNameInfo(X509NameType.SimpleName, forIssuer: false)));
}
