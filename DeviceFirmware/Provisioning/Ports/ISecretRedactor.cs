namespace NanoDps.Provisioning
{
    /// <summary>
    /// A last line of defence in a log adapter: values registered here are masked wherever they
    /// appear in a line. The core never logs a secret; it registers each one it reads or derives.
    /// </summary>
    public interface ISecretRedactor
    {
        /// <summary>Never print <paramref name="secret"/> (null and very short values are ignored).</summary>
        void Redact(string secret);
    }
}
