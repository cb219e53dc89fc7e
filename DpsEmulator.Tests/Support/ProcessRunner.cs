using System.Diagnostics;
using System.Text;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>Runs an external program with a time limit and collects its output.</summary>
internal static class ProcessRunner
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
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

    /// <summary>Fails (not skips) when a tool the interop tests need is missing, naming the Debian package.</summary>
    public static void RequireTools()
    {
        foreach (var (tool, package) in new[] { ("bash", "bash"), ("openssl", "openssl"), ("curl", "curl"), ("xxd", "xxd"), ("base64", "coreutils") })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
                .Any(dir => File.Exists(Path.Combine(dir, tool)));
            Assert.True(found, $"'{tool}' is not installed; install the Debian package '{package}'.");
        }
    }
}
