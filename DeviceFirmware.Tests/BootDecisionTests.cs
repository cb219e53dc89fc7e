using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class BootDecisionTests
    {
        private const string Endpoint = "global.azure-devices-provisioning.net";

        [TestMethod]
        public void MatchingRecord_SkipsDps()
        {
            BootDecision decision = BootDecision.Decide(ProvisioningRecordTests.Sample(), CryptoVectors.IdScope, CryptoVectors.MacRegistrationId, Endpoint, CryptoVectors.Fingerprint, false);
            Assert.IsFalse(decision.MustProvision);
        }

        [TestMethod]
        [DataRow("none", "no stored assignment")]
        [DataRow("hub", "hub rejected")]
        [DataRow("scope", "id scope changed")]
        [DataRow("id", "registration id changed")]
        [DataRow("endpoint", "endpoint changed")]
        [DataRow("key", "key changed")]
        public void AnyChange_Provisions(string change, string reason)
        {
            ProvisioningRecord record = change == "none" ? null : ProvisioningRecordTests.Sample();
            BootDecision decision = BootDecision.Decide(
                record,
                change == "scope" ? "0ne00000FFF" : CryptoVectors.IdScope,
                change == "id" ? "nanodps-000000000000" : CryptoVectors.MacRegistrationId,
                change == "endpoint" ? "127.0.0.1:8443" : Endpoint,
                change == "key" ? "00000000000000000000000000000000" : CryptoVectors.Fingerprint,
                change == "hub");
            Assert.IsTrue(decision.MustProvision);
            Assert.Contains(reason, decision.Reason);
        }
    }
}
