using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>
/// The command-line emulator (DpsEmulator.dll) as a child process: started with the given
/// arguments, ready once it printed its banner, with what it wrote to stdout and stderr.
/// </summary>
internal sealed partial class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EmulatorProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The port from the banner's URL line (0 until ready).</summary>
    public int Port { get; private set; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Path of the emulator program next to the tests.</summary>
    public static string ProgramPath => Path.Combine(AppContext.BaseDirectory, "DpsEmulator.dll");

    /// <summary>Starts the emulator; does not wait (see <see cref="WaitReadyAsync"/> and <see cref="WaitForExitAsync"/>).</summary>
    public static EmulatorProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(ProgramPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = info };
        var child = new EmulatorProcess(process);
        process.OutputDataReceived += (_, e) => child.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (child._stderr)
            {
                child._stderr.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs the emulator with <paramref name="arguments"/> until it exits by itself (usage errors, refusals, sub-commands).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(params string[] arguments)
    {
        await using var child = Start(arguments);
        await child.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (child.ExitCode, child.Stdout, child.Stderr);
    }

    /// <summary>Waits for the banner; throws with the output if the process exits first.</summary>
    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        var exited = _process.WaitForExitAsync();
        var done = await Task.WhenAny(_ready.Task, exited, Task.Delay(timeout ?? TimeSpan.FromSeconds(60)));
        if (done != _ready.Task)
        {
            throw new Xunit.Sdk.XunitException($"the emulator did not get ready (exited: {_process.HasExited}).\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"the emulator did not exit within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        _process.WaitForExit(); // drains the output events
    }

    /// <summary>SIGKILL: no clean stop, no flush (a crash, a power cut of the process).</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>Sends a POSIX signal (INT, TERM).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stdout)
        {
            _stdout.AppendLine(line);
        }

        if (UrlLine().Match(line) is { Success: true } url)
        {
            Port = new Uri(url.Groups[1].Value).Port;
        }

        if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    [GeneratedRegex(@"^\s*URL:\s+(\S+)")]
    private static partial Regex UrlLine();
}
