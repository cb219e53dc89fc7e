using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>
/// Whether the Node SDK tests can get their pinned packages. Outside CI they are skipped at once,
/// with the reason, when neither the npm cache nor the npm registry can provide them (npm's own
/// retries would take minutes); under CI (CI=true) the install runs and a failure fails the tests.
/// </summary>
internal static class NpmSetup
{
    /// <summary>What to do before running a Node SDK test.</summary>
    public enum Step
    {
        /// <summary>The pinned packages are in node_modules.</summary>
        Ready,

        /// <summary>Run npm ci against the registry (a failure fails the test).</summary>
        InstallOnline,

        /// <summary>Skip the test, naming why.</summary>
        Skip,
    }

    /// <summary>How long the registry may take to answer npm ping before it counts as unreachable.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Makes sure <paramref name="folder"/>'s node_modules holds the versions its package.json pins:
    /// nothing to do; or (outside CI) from the npm cache; or from the registry; or skip the test,
    /// naming why, when outside CI the registry does not answer within <see cref="ProbeTimeout"/>.
    /// </summary>
    /// <param name="environment">Extra environment for npm (tests set npm_config_registry and npm_config_cache).</param>
    public static async Task EnsureInstalledAsync(string folder, bool underCi, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (IsInstalled(folder))
        {
            return;
        }

        var fromCache = !underCi && await TryInstallFromCacheAsync(folder, environment) && IsInstalled(folder);
        var probe = underCi || fromCache ? null : await ProbeRegistryAsync(folder, environment);
        var (step, reason) = Decide(installed: false, underCi, fromCache, probe);
        Skip.If(step == Step.Skip, reason);
        if (step == Step.InstallOnline)
        {
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
                "npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], TimeSpan.FromMinutes(3), folder, environment);
            Assert.True(exitCode == 0, $"npm ci in {folder} failed (exit {exitCode}); it needs the npm registry or a filled npm cache.\n{stdout}\n{stderr}");
            Assert.True(IsInstalled(folder), $"npm ci in {folder} did not install the pinned packages.\n{stdout}\n{stderr}");
        }
    }

    /// <summary>True when node_modules holds every dependency at the version package.json pins.</summary>
    public static bool IsInstalled(string folder)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "package.json")));
        foreach (var dependency in manifest.RootElement.GetProperty("dependencies").EnumerateObject())
        {
            var installed = Path.Combine(folder, "node_modules", dependency.Name, "package.json");
            if (!File.Exists(installed))
            {
                return false;
            }

            using var package = JsonDocument.Parse(File.ReadAllText(installed));
            if (package.RootElement.GetProperty("version").GetString() != dependency.Value.GetString())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The decision, from what is known: installed, under CI, installed from the cache, the registry's answer.</summary>
    public static (Step Step, string? Reason) Decide(bool installed, bool underCi, bool installedFromCache, RegistryProbe? probe)
    {
        if (installed || installedFromCache)
        {
            return (Step.Ready, null);
        }

        if (underCi || probe is null || probe.Reachable)
        {
            return (Step.InstallOnline, null);
        }

        return (Step.Skip,
            $"npm registry {probe.Registry} not reachable within {ProbeTimeout.TotalSeconds:0} s ({probe.Detail}) and the npm cache lacks the pinned packages; "
            + "the Node SDK tests need the registry once to install them (under CI=true this fails instead of skipping).");
    }

    /// <summary><c>npm ci --offline</c>: installs from the npm cache only, fast, no network.</summary>
    public static async Task<bool> TryInstallFromCacheAsync(string folder, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var (exitCode, _, _) = await ProcessRunner.RunAsync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], TimeSpan.FromMinutes(2), folder, environment);
        return exitCode == 0;
    }

    /// <summary>The npm registry's answer to <c>npm ping</c> with no retry and a short timeout.</summary>
    public static async Task<RegistryProbe> ProbeRegistryAsync(string folder, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var (_, registryOut, _) = await ProcessRunner.RunAsync("npm", ["config", "get", "registry"], TimeSpan.FromSeconds(30), folder, environment);
        var registry = registryOut.Trim();
        try
        {
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
                "npm",
                ["ping", "--fetch-retries=0", $"--fetch-timeout={(int)ProbeTimeout.TotalMilliseconds}"],
                ProbeTimeout + TimeSpan.FromSeconds(20),
                folder,
                environment);
            var detail = (stderr + stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(l => l.Contains("ERR", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? $"npm ping exit {exitCode}";
            return new RegistryProbe(registry, exitCode == 0, exitCode == 0 ? "PONG" : detail);
        }
        catch (TimeoutException)
        {
            return new RegistryProbe(registry, false, "npm ping did not finish");
        }
    }

    /// <summary>A local stand-in for a registry that answers npm ping (for the test of the probe).</summary>
    public static async Task<(string Url, Task Served)> ServeOnePingAsync(CancellationToken cancellationToken)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";
        var served = Task.Run(async () =>
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var request = string.Empty;
                while (!request.Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, cancellationToken);
                    if (read == 0)
                    {
                        return;
                    }

                    request += System.Text.Encoding.ASCII.GetString(buffer, 0, read);
                }

                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"u8.ToArray(), cancellationToken);
            }
            finally
            {
                listener.Stop();
            }
        }, cancellationToken);
        await Task.Yield();
        return (url, served);
    }
}

/// <summary>What <c>npm ping</c> said.</summary>
internal sealed record RegistryProbe(string Registry, bool Reachable, string Detail);
