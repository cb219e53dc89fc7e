using System.IO;
using System.Text.Json.Nodes;
using Xunit;

namespace DeviceFirmware.Tests.Host
{
    /// <summary>
    /// The shared tests carry config/device.json as a literal (nanoCLR has no repository to read):
    /// it must stay the file as shipped, field for field and value for value.
    /// </summary>
    public sealed class ShippedTemplateTests
    {
        [Fact]
        public void TheSharedTestsCopyOfTheTemplate_IsConfigDeviceJsonAsShipped()
        {
            string shipped = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "config", "device.json"))).ToJsonString();
            string copy = JsonNode.Parse(BootFailureTests.ShippedTemplate).ToJsonString();

            Assert.True(shipped == copy, "BootFailureTests.ShippedTemplate differs from config/device.json: copy the file's fields and values into it\nfile: " + shipped + "\ncopy: " + copy);
        }
    }
}
