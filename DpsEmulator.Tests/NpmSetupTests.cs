using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// The Node SDK tests on a machine with node and npm but no npm registry: skipped at once outside CI,
/// naming why, instead of failing after minutes of npm retries; installed (and failing if it cannot) under CI.
/// </summary>
public sealed class NpmSetupTests
{
    private static readonly RegistryProbe Unreachable = new("https://registry.example/", false, "ECONNREFUSED");
    private static readonly RegistryProbe Reachable = new("https://registry.example/", true, "PONG");

    [Fact]
    public void Decision_skips_only_outside_ci_when_neither_cache_nor_registry_can_help()
    {
        Assert.Equal(NpmSetup.Step.Ready, NpmSetup.Decide(installed: true, underCi: false, installedFromCache: false, Unreachable).Step);
        Assert.Equal(NpmSetup.Step.Ready, NpmSetup.Decide(installed: false, underCi: false, installedFromCache: true, null).Step);
        Assert.Equal(NpmSetup.Step.InstallOnline, NpmSetup.Decide(installed: false, underCi: false, installedFromCache: false, Reachable).Step);
        Assert.Equal(NpmSetup.Step.InstallOnline, NpmSetup.Decide(installed: false, underCi: true, installedFromCache: false, Unreachable).Step);
        Assert.Equal(NpmSetup.Step.InstallOnline, NpmSetup.Decide(installed: false, underCi: true, installedFromCache: false, null).Step);

        var (step, reason) = NpmSetup.Decide(installed: false, underCi: false, installedFromCache: false, Unreachable);
        Assert.Equal(NpmSetup.Step.Skip, step);
        Assert.Contains("npm registry https://registry.example/ not reachable within 5 s (ECONNREFUSED)", reason);
        Assert.Contains("CI=true", reason);
    }

    [SkippableFact]
    public async Task Probe_tells_an_unreachable_registry_from_one_that_answers()
    {
        ProcessRunner.Require(("node", "nodejs"), ("npm", "npm"));
        using var folder = new TempFolder();
        var closedPort = FreePort();

        var down = await NpmSetup.ProbeRegistryAsync(folder.Path, Registry($"http://127.0.0.1:{closedPort}/", folder.Path));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (url, served) = await NpmSetup.ServeOnePingAsync(stop.Token);
        var up = await NpmSetup.ProbeRegistryAsync(folder.Path, Registry(url, folder.Path));
        await served;

        Assert.False(down.Reachable);
        Assert.Equal($"http://127.0.0.1:{closedPort}/", down.Registry);
        Assert.True(up.Reachable, up.Detail);
    }

    [SkippableFact]
    public async Task Without_a_registry_outside_ci_the_node_sdk_setup_skips_naming_why()
    {
        ProcessRunner.Require(("node", "nodejs"), ("npm", "npm"));
        using var folder = new TempFolder();
        foreach (var file in new[] { "package.json", "package-lock.json" })
        {
            File.Copy(Path.Combine(SdkFolder(), file), Path.Combine(folder.Path, file));
        }

        var environment = Registry($"http://127.0.0.1:{FreePort()}/", folder.Path);
        var skip = await Assert.ThrowsAsync<SkipException>(() => NpmSetup.EnsureInstalledAsync(folder.Path, underCi: false, environment));

        Assert.Contains("not reachable", skip.Message);
        Assert.Contains("the npm cache lacks the pinned packages", skip.Message);
    }

    /// <summary>npm pointed at <paramref name="registry"/> with an empty cache of its own.</summary>
    private static Dictionary<string, string?> Registry(string registry, string folder) => new()
    {
        ["npm_config_registry"] = registry,
        ["npm_config_cache"] = Path.Combine(folder, "npm-cache"),
        ["npm_config_update_notifier"] = "false",
    };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string SdkFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "interop", "azure-iot-node-sdk");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new Xunit.Sdk.XunitException("interop/azure-iot-node-sdk not found");
    }
}
