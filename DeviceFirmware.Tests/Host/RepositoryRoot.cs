using System;
using System.IO;
using Xunit;

namespace DeviceFirmware.Tests.Host
{
    /// <summary>The repository this test assembly was built from (the folder that holds nanoDps.sln).</summary>
    internal static class RepositoryRoot
    {
        public static string Path
        {
            get
            {
                DirectoryInfo folder = new DirectoryInfo(AppContext.BaseDirectory);
                while (folder != null && !File.Exists(System.IO.Path.Combine(folder.FullName, "nanoDps.sln")))
                {
                    folder = folder.Parent;
                }

                Assert.NotNull(folder);
                return folder.FullName;
            }
        }
    }
}
