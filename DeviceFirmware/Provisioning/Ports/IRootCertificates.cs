namespace NanoDps.Provisioning
{
    /// <summary>
    /// The TLS roots the HTTPS exchange trusts (on the board: PEM files on I:\ that nanoff
    /// deployed). The adapter keeps what it loaded for the HTTPS adapter; the core only needs to
    /// know whether they are there before it makes the first TLS connection.
    /// </summary>
    public interface IRootCertificates
    {
        /// <summary>Loads the roots and says whether they are all there.</summary>
        RootsResult Load();
    }
}
