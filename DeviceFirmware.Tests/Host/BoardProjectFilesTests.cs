using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace DeviceFirmware.Tests.Host
{
    /// <summary>
    /// The board's libraries, firmware and on-board test project list their Compile items one by one, as nanoFramework's own
    /// projects do, while the host builds of the core (ProvisioningCore.Nano and .Net) take every file of
    /// DeviceFirmware/Provisioning. A file added to a folder and not to its .nfproj would pass every host
    /// test and be missing on the board, so each of these .nfproj must compile exactly the .cs files of
    /// its own folder (the shared test project has its own check, SharedTestFilesTests).
    /// </summary>
    public sealed class BoardProjectFilesTests
    {
        public static TheoryData<string> BoardProjects() => new TheoryData<string>(ProjectPaths());

        private static string[] ProjectPaths() =>
            Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "DeviceFirmware"), "*.nfproj", SearchOption.AllDirectories)
                .Concat(Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "DeviceFirmware.Esp32.Tests"), "*.nfproj"))
                .Select(p => Path.GetRelativePath(RepositoryRoot.Path, p).Replace('\\', '/'))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToArray();

        [Fact]
        public void TheCoreTheAdaptersAndTheFirmwareAreEachAProject()
        {
            Assert.Equal(
                new[] { "DeviceFirmware.Esp32.Tests/DeviceFirmware.Esp32.Tests.nfproj", "DeviceFirmware/Esp32/NanoDps.Esp32.nfproj", "DeviceFirmware/Firmware/NanoDps.Firmware.nfproj", "DeviceFirmware/Provisioning/NanoDps.Provisioning.nfproj" },
                ProjectPaths());
        }

        [Theory]
        [MemberData(nameof(BoardProjects))]
        public void ANfprojCompilesExactlyTheFilesOfItsFolder(string project)
        {
            string path = Path.Combine(RepositoryRoot.Path, project);
            string folder = Path.GetDirectoryName(path);
            XDocument document = XDocument.Load(path);
            XNamespace ns = document.Root.Name.Namespace;
            string[] listed = document.Descendants(ns + "Compile")
                .Select(c => ((string)c.Attribute("Include")).Replace('\\', '/'))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
            string[] present = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();

            Assert.All(listed, f => Assert.False(f.Contains('*') || f.StartsWith("../", StringComparison.Ordinal), project + " names '" + f + "': list each file of its own folder"));
            string[] missing = present.Except(listed).ToArray();
            string[] extra = listed.Except(present).ToArray();
            Assert.True(missing.Length == 0, "add to " + project + ": " + string.Join(", ", missing.Select(f => "<Compile Include=\"" + f.Replace('/', '\\') + "\" />")));
            Assert.True(extra.Length == 0, project + " names files that do not exist: " + string.Join(", ", extra));
        }
    }
}
