using System.Diagnostics;
using System.Text;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>Runs an external program with a time limit and collects its output.</summary>
internal static class ProcessRunner
{
    /// <param name="file">Program to run (looked up in PATH).</param>
    /// <param name="arguments">Its arguments, passed as they are (no shell).</param>
    /// <param name="timeout">Killed (with its children) and <see cref="TimeoutException"/> after this long.</param>
    /// <param name="workingDirectory">Working directory; null: the current one.</param>
    /// <param name="environment">Variables to set on top of the inherited environment; a null value removes one.</param>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string file,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {file}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Requires the tools of the Azure docs' curl + openssl flow (see <see cref="Require"/>).</summary>
    public static void RequireTools() =>
        Require(("bash", "bash"), ("openssl", "openssl"), ("curl", "curl"), ("xxd", "xxd"), ("base64", "coreutils"));

    /// <summary>
    /// When any of <paramref name="tools"/> is not in PATH: fails under CI (CI=true; .ci/run installs
    /// them), and skips elsewhere, so the quick start passes on a machine with only the .NET SDK.
    /// Either way the message names every missing tool and its Debian package.
    /// </summary>
    public static void Require(params (string Tool, string Package)[] tools)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var missing = tools.Where(t => !path.Any(dir => File.Exists(Path.Combine(dir, t.Tool)))).ToList();
        string message = $"Not installed: {string.Join(", ", missing.Select(t => $"'{t.Tool}'"))}; install the Debian package(s) {string.Join(" ", missing.Select(t => t.Package).Distinct())}.";
        bool underCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(missing.Count > 0 && !underCi, message);
        Assert.True(missing.Count == 0, message);
    }
}
