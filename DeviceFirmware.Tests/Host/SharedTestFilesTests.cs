using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace DeviceFirmware.Tests.Host
{
    /// <summary>
    /// The shared tests run twice: here (this project compiles ../*.cs and ../TestDoubles/*.cs) and
    /// on nanoCLR or a board through DeviceFirmware.Tests.nfproj, which names every file it compiles.
    /// Both must compile the same files, so that both run the same cases. The nfproj compiles nothing
    /// from outside its folder: the core and the adapters are referenced libraries.
    /// </summary>
    public sealed class SharedTestFilesTests
    {
        private static readonly string TestsFolder = Path.Combine(RepositoryRoot.Path, "DeviceFirmware.Tests");

        [Fact]
        public void TheNfprojCompilesEverySharedFileTheHostRunnerCompiles_AndNoOther()
        {
            string[] host = HostFiles();
            string[] board = NfprojSharedFiles();

            Assert.True(host.Length > 20, "the host runner compiles " + host.Length + " files");
            string[] missing = host.Except(board).ToArray();
            string[] extra = board.Except(host).ToArray();
            Assert.True(missing.Length == 0, "add to DeviceFirmware.Tests.nfproj: " + string.Join(", ", missing.Select(f => "<Compile Include=\"" + f.Replace('/', '\\') + "\" />")));
            Assert.True(extra.Length == 0, "DeviceFirmware.Tests.nfproj names shared files the host runner does not compile (or that do not exist): " + string.Join(", ", extra));
        }

        [Fact]
        public void TheNfprojFilesHoldAsManyCasesAsTheHostRunnerRuns()
        {
            int cases = NfprojSharedFiles().Sum(f => Cases(File.ReadAllText(Path.Combine(TestsFolder, f))));
            Assert.Equal(NanoTestCases.All().Count(), cases);
        }

        [Fact]
        public void CaseCounting_CountsEachDataRowAndEachPlainMethod()
        {
            const string source = "[TestClass]\npublic class T\n{\n[TestMethod]\n[DataRow(1)]\n[DataRow(2)]\npublic void A(int x) { }\n[TestMethod]\npublic void B() { }\npublic void NotATest() { }\n}\n";
            Assert.Equal(3, Cases(source));
            Assert.Equal(0, Cases(source.Replace("[TestClass]", string.Empty)));
        }

        private static string[] HostFiles()
        {
            XDocument project = XDocument.Load(Path.Combine(TestsFolder, "Host", "DeviceFirmware.Tests.Host.csproj"));
            var globs = project.Descendants("Compile").Select(c => (string)c.Attribute("Include")).Where(i => i != null).SelectMany(i => i.Split(';'));
            var files = new List<string>();
            foreach (string glob in globs)
            {
                string relative = glob.Replace('\\', '/');
                Assert.StartsWith("../", relative);
                string folder = Path.GetDirectoryName(Path.Combine(TestsFolder, "Host", relative));
                files.AddRange(Directory.GetFiles(folder, Path.GetFileName(relative)).Select(f => Path.GetRelativePath(TestsFolder, f).Replace('\\', '/')));
            }

            return files.Distinct().OrderBy(f => f, StringComparer.Ordinal).ToArray();
        }

        private static string[] NfprojSharedFiles()
        {
            XDocument project = XDocument.Load(Path.Combine(TestsFolder, "DeviceFirmware.Tests.nfproj"));
            XNamespace ns = project.Root.Name.Namespace;
            return project.Descendants(ns + "Compile")
                .Select(c => ((string)c.Attribute("Include")).Replace('\\', '/'))
                .Where(f => !f.StartsWith("Platform/", StringComparison.Ordinal) && !f.StartsWith("Properties/", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
        }

        /// <summary>Test cases in a source file as the bridge counts them: one per [DataRow], one for a [TestMethod] without rows.</summary>
        private static int Cases(string source)
        {
            if (!Regex.IsMatch(source, @"\[TestClass\]"))
            {
                return 0;
            }

            int cases = 0;
            int rows = 0;
            bool inTest = false;
            foreach (string line in source.Split('\n').Select(l => l.Trim()))
            {
                if (line.StartsWith("[TestMethod]", StringComparison.Ordinal))
                {
                    inTest = true;
                    rows = 0;
                }
                else if (inTest && line.StartsWith("[DataRow(", StringComparison.Ordinal))
                {
                    rows++;
                }
                else if (inTest && line.StartsWith("public void ", StringComparison.Ordinal))
                {
                    cases += Math.Max(1, rows);
                    inTest = false;
                }
            }

            return cases;
        }
    }
}
