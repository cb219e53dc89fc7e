using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// The emulator as users get it: <c>dotnet pack</c> into a temporary feed, the .NET tool installed into
/// a temporary tool path and driven through a whole register/poll/hub flow, and the library referenced
/// by a small test project (PackageConsumer/) that starts the emulator itself. Offline: the only sources
/// are the temporary feed and this machine's NuGet packages folder, restored into a fresh packages folder.
/// </summary>
public sealed partial class PackageTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_packed_tool_installs_and_provisions_and_the_packed_library_runs_in_a_consumer_test()
    {
        using var temp = new TempFolder();
        var version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
        var feed = Directory.CreateDirectory(Path.Combine(temp.Path, "feed")).FullName;
        var project = Path.Combine(RepositoryRoot(), "DpsEmulator", "DpsEmulator.csproj");
        await DotnetAsync(null, ["pack", project, "-c", "Release", "-o", feed, "-p:Version=" + version]);
        await DotnetAsync(null, ["pack", project, "-c", "Release", "-o", feed, "-p:Version=" + version, "-p:NanoDpsPackage=library"]);
        Assert.True(File.Exists(Path.Combine(feed, $"NanoDps.DpsEmulator.{version}.nupkg")));
        Assert.True(File.Exists(Path.Combine(feed, $"NanoDps.DpsEmulator.Library.{version}.nupkg")));

        // Offline: the temporary feed and the packages this machine already has, into a fresh packages folder.
        var config = Path.Combine(temp.Path, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{feed}" />
                <add key="machine" value="{MachinePackages()}" />
              </packageSources>
            </configuration>
            """);
        var packages = Path.Combine(temp.Path, "packages");

        var tools = Path.Combine(temp.Path, "tools");
        await DotnetAsync(packages, ["tool", "install", "NanoDps.DpsEmulator", "--version", version, "--tool-path", tools, "--configfile", config]);
        var tool = Path.Combine(tools, "dps-emulator");
        var (code, stdout, stderr) = await ProcessRunner.RunAsync(tool, ["--version"], Step);
        Assert.True(code == 0, stderr);
        Assert.StartsWith(version, stdout.Trim());
        await ProvisionWithTheToolAsync(tool, Path.Combine(temp.Path, "data"));

        var consumer = Directory.CreateDirectory(Path.Combine(temp.Path, "consumer")).FullName;
        var template = Path.Combine(AppContext.BaseDirectory, "PackageConsumer");
        File.WriteAllText(Path.Combine(consumer, "Consumer.Tests.csproj"),
            File.ReadAllText(Path.Combine(template, "Consumer.Tests.csproj.template")).Replace("$(EmulatorVersion)", version, StringComparison.Ordinal));
        File.Copy(Path.Combine(template, "EmulatorFromATest.cs"), Path.Combine(consumer, "EmulatorFromATest.cs"));
        File.Copy(config, Path.Combine(consumer, "nuget.config"));
        var test = await DotnetAsync(packages, ["test", consumer]);
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+1,", test);
    }

    /// <summary>The installed tool on a free port: register, poll until assigned, and a device-to-cloud message to the assigned hub.</summary>
    private static async Task ProvisionWithTheToolAsync(string tool, string data)
    {
        using var emulator = Process.Start(new ProcessStartInfo(tool)
        {
            ArgumentList = { "--port", "0", "--data", data, "--assignment-delay", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var banner = new StringBuilder();
            int port = 0;
            string? scope = null;
            string? group = null;
            while (await emulator.StandardOutput.ReadLineAsync().WaitAsync(Step) is { } line)
            {
                banner.AppendLine(line);
                if (UrlLine().Match(line) is { Success: true } url)
                {
                    port = int.Parse(url.Groups[1].Value);
                }
                else if (ScopeLine().Match(line) is { Success: true } s)
                {
                    scope = s.Groups[1].Value;
                }
                else if (DemoLine().Match(line) is { Success: true } g)
                {
                    group = g.Groups[1].Value;
                }
                else if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.True(port > 0 && scope is not null && group is not null, "banner:\n" + banner);
            var (code, key, stderr) = await ProcessRunner.RunAsync(tool, ["keys", "--data", data, "--enrollment", group!], Step);
            Assert.True(code == 0, stderr);
            const string id = "tool-device-1";
            var deviceKey = Sas.DeriveKey(key.Trim(), id);
            using var http = new HttpClient(TrustedHttp.Handler(Path.Combine(data, "ca.pem"))) { BaseAddress = new Uri($"https://localhost:{port}/") };
            var token = Sas.ForRegistration(scope!, id, deviceKey, DateTimeOffset.UtcNow);
            using var register = new HttpRequestMessage(HttpMethod.Put, $"{scope}/registrations/{id}/register?api-version=2021-10-01")
            {
                Content = new StringContent($"{{\"registrationId\":\"{id}\"}}", Encoding.UTF8, "application/json"),
            };
            register.Headers.TryAddWithoutValidation("Authorization", token);
            using var accepted = await http.SendAsync(register);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var operationId = (await TestEmulator.Json(accepted)).GetProperty("operationId").GetString();
            using var poll = new HttpRequestMessage(HttpMethod.Get, $"{scope}/registrations/{id}/operations/{operationId}?api-version=2021-10-01");
            poll.Headers.TryAddWithoutValidation("Authorization", token);
            using var assigned = await http.SendAsync(poll);
            var state = (await TestEmulator.Json(assigned)).GetProperty("registrationState");
            Assert.Equal("assigned", state.GetProperty("status").GetString());
            var hub = state.GetProperty("assignedHub").GetString()!;

            using var message = new HttpRequestMessage(HttpMethod.Post, $"https://{hub}:{port}/devices/{id}/messages/events?api-version=2020-03-13")
            {
                Content = new StringContent("{\"hello\":\"from the tool test\"}", Encoding.UTF8, "application/json"),
            };
            message.Headers.TryAddWithoutValidation("Authorization", Sas.ForHub(hub, id, deviceKey, DateTimeOffset.UtcNow));
            using var delivered = await http.SendAsync(message);
            Assert.Equal(HttpStatusCode.NoContent, delivered.StatusCode);
        }
        finally
        {
            emulator.Kill();
            await emulator.WaitForExitAsync();
        }
    }

    private static async Task<string> DotnetAsync(string? packages, string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        };
        if (packages is not null)
        {
            environment["NUGET_PACKAGES"] = packages;
        }

        var (code, stdout, stderr) = await ProcessRunner.RunAsync("dotnet", arguments, Step, environment: environment);
        Assert.True(code == 0, $"dotnet {string.Join(' ', arguments)} exited {code}:\n{stdout}\n{stderr}");
        return stdout;
    }

    private static string MachinePackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DpsEmulator", "DpsEmulator.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new Xunit.Sdk.XunitException("DpsEmulator/DpsEmulator.csproj not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\s*URL:\s+https://[^:/]+:(\d+)/")]
    private static partial Regex UrlLine();

    [GeneratedRegex(@"^\s*ID scope:\s+(\S+)")]
    private static partial Regex ScopeLine();

    [GeneratedRegex(@"^Created the demo enrollment group '([^']+)'")]
    private static partial Regex DemoLine();
}
