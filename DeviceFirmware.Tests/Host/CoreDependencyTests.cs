using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace DeviceFirmware.Tests.Host
{
    /// <summary>
    /// The provisioning core as built by ProvisioningCore.Nano (against nanoFramework's mscorlib):
    /// it must reference mscorlib and nothing else, or it would not load on the board.
    /// </summary>
    public sealed class CoreDependencyTests
    {
        [Fact]
        public void CoreBuiltForNanoFramework_ReferencesOnlyMscorlib()
        {
            using FileStream file = File.OpenRead(NanoBuildOfTheCore());
            using PEReader pe = new PEReader(file);
            MetadataReader metadata = pe.GetMetadataReader();
            string[] references = metadata.AssemblyReferences
                .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
                .ToArray();
            Assert.Equal(new[] { "mscorlib" }, references);
        }

        [Fact]
        public void CoreBuiltForNanoFramework_UsesNanoFrameworksMscorlib()
        {
            using FileStream file = File.OpenRead(NanoBuildOfTheCore());
            using PEReader pe = new PEReader(file);
            MetadataReader metadata = pe.GetMetadataReader();
            AssemblyReference mscorlib = metadata.GetAssemblyReference(metadata.AssemblyReferences.Single());
            // nanoFramework's mscorlib is versioned 1.x (CoreLibrary 1.17.11); .NET's is 4.0.0.0.
            Assert.Equal(1, mscorlib.Version.Major);
        }

        private static string NanoBuildOfTheCore()
        {
            string configuration = typeof(CoreDependencyTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            string path = Path.Combine(RepositoryRoot.Path, "ProvisioningCore.Nano", "bin", configuration, "netstandard2.0", "NanoDps.Provisioning.dll");
            Assert.True(File.Exists(path), "ProvisioningCore.Nano was not built: " + path);
            return path;
        }
    }
}
