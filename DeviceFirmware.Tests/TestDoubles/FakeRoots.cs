using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>TLS roots that are there, or missing with the reason given.</summary>
    public sealed class FakeRoots : IRootCertificates
    {
        /// <summary>Null: present; otherwise the problem reported.</summary>
        public string Missing { get; set; }

        public int Loads { get; private set; }

        public RootsResult Load()
        {
            Loads++;
            return Missing == null ? RootsResult.Present("Test Root CA") : RootsResult.Missing(Missing);
        }
    }
}
