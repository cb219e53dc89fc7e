namespace NanoDps.Emulator.Tests.Support;

/// <summary>
/// The folder of the official Azure IoT Node.js SDKs (<c>interop/azure-iot-node-sdk</c>) with its
/// locked packages installed: <c>npm ci</c> runs there unless node_modules already holds every
/// dependency at the version package.json pins (see <see cref="NpmSetup"/> for skipping outside CI).
/// </summary>
internal static class NodeSdk
{
    private const string FolderInRepo = "interop/azure-iot-node-sdk";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>The folder, installed; skips the test (outside CI) when node, npm or the packages cannot be had.</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        ProcessRunner.Require(("node", "nodejs"), ("npm", "npm"));
        var folder = Find();
        await InstallLock.WaitAsync();
        try
        {
            var underCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            await NpmSetup.EnsureInstalledAsync(folder, underCi);
        }
        finally
        {
            InstallLock.Release();
        }

        return folder;
    }

    /// <summary>The last line of <paramref name="text"/> that starts with '{' (the scripts print one JSON line).</summary>
    public static string LastJsonLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'))
        ?? throw new Xunit.Sdk.XunitException($"no JSON line in:\n{text}");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FolderInRepo);
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new Xunit.Sdk.XunitException($"{FolderInRepo}/package.json not found above {AppContext.BaseDirectory}.");
    }
}
