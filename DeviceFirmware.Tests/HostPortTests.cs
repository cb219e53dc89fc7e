using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class HostPortTests
    {
        [TestMethod]
        [DataRow("global.azure-devices-provisioning.net", "global.azure-devices-provisioning.net", 443)]
        [DataRow("localhost:8443", "localhost", 8443)]
        [DataRow("localhost:1", "localhost", 1)]
        [DataRow("localhost:65535", "localhost", 65535)]
        [DataRow("localhost:65536", "localhost", -1)]
        [DataRow("localhost:0", "localhost", -1)]
        [DataRow("localhost:", "localhost", -1)]
        [DataRow("localhost:84x3", "localhost", -1)]
        [DataRow("localhost:123456", "localhost", -1)]
        public void HostAndPort_AreSplitAtTheFirstColon(string hostPort, string host, int port)
        {
            Assert.AreEqual(host, HostPort.Host(hostPort));
            Assert.AreEqual(port, HostPort.Port(hostPort));
        }
    }
}
