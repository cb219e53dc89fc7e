using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// <c>dotnet test</c> on a machine without Chromium: the dashboard's browser tests are skipped, and the
/// output says which Debian package to install at the default verbosity, not only "[SKIP]".
/// </summary>
public sealed class BrowserSkipTests
{
    [SkippableFact]
    public async Task Without_chromium_dotnet_test_names_the_debian_package_at_default_verbosity()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "nanoDps.Host.slnf")))
        {
            root = root.Parent;
        }

        Skip.If(root is null, "not run from the repository");
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "/usr/bin/dotnet";
        // Every folder of PATH, a folder that holds chromium replaced by a copy of it made of links to all but chromium.
        using var shadow = new TempFolder();
        var folders = new List<string>();
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!File.Exists(Path.Combine(dir, "chromium")))
            {
                folders.Add(dir);
                continue;
            }

            var copy = Directory.CreateDirectory(Path.Combine(shadow.Path, folders.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            foreach (var file in Directory.EnumerateFileSystemEntries(dir).Where(f => !Path.GetFileName(f).StartsWith("chromium", StringComparison.Ordinal)))
            {
                File.CreateSymbolicLink(Path.Combine(copy, Path.GetFileName(file)), file);
            }

            folders.Add(copy);
        }

        var path = string.Join(Path.PathSeparator, folders);
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            dotnet,
            ["test", Path.Combine(root!.FullName, "DpsEmulator.BrowserTests", "DpsEmulator.BrowserTests.csproj"), "--nologo"],
            TimeSpan.FromMinutes(5),
            environment: new Dictionary<string, string?> { ["PATH"] = path, ["CI"] = null });

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Matches(@"Skipped:\s+[1-9]", stdout);
        Assert.Contains("install the Debian package(s) chromium", stdout);
    }
}
