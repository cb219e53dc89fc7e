using System;
using System.Security.Cryptography.X509Certificates;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary>
    /// <see cref="IRootCertificates"/> on I:\: the two PEM files <c>nanoff --filedeployment
    /// config/deploy.json</c> puts there, DigiCert Global Root G2 and Microsoft RSA Root Certificate
    /// Authority 2017 (the roots DPS and IoT Hub chain to), as one certificate chain for mbedTLS.
    /// The string constructor appends the NUL that mbedTLS needs to parse PEM.
    /// </summary>
    public sealed class FlashRoots : IRootCertificates
    {
        /// <summary>The root files on I:\, as config/deploy.json names them.</summary>
        public static readonly string[] Files = new string[] { "digicert-global-root-g2.pem", "microsoft-rsa-root-2017.pem" };

        private readonly IFlashStore _flash;

        /// <summary>Roots read from <paramref name="flash"/>.</summary>
        public FlashRoots(IFlashStore flash)
        {
            _flash = flash;
        }

        /// <summary>The roots once <see cref="Load"/> found them; what the HTTPS exchange trusts.</summary>
        public X509Certificate Certificate { get; private set; }

        /// <inheritdoc/>
        public RootsResult Load()
        {
            string pem = string.Empty;
            foreach (string name in Files)
            {
                string text = _flash.ReadText(name);
                if (text == null)
                {
                    return RootsResult.Missing("I:\\" + name + " not found");
                }

                pem += text.Trim() + "\n";
            }

            try
            {
                Certificate = new X509Certificate(pem);
            }
            catch (Exception ex)
            {
                return RootsResult.Missing("I:\\" + Files[0] + " and I:\\" + Files[1] + " do not read as PEM certificates (" + ex.GetType().Name + ")");
            }

            return RootsResult.Present("DigiCert Global Root G2 and Microsoft RSA Root Certificate Authority 2017 from I:\\");
        }
    }
}
