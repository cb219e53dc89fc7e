using System.Diagnostics;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Cli;

namespace NanoDps.VirtualDevice.Tests.Support;

/// <summary>
/// Runs the virtual device in this process as the program does (DeviceRun / CommandLine) with its
/// output captured, a flash folder of the test's own, and a recording wrapper around its HTTPS
/// exchange. Every output is checked for the test's secrets as soon as the run ends, and again
/// all together when the harness is disposed.
/// </summary>
public sealed class DeviceHarness : IDisposable
{
    private readonly List<string> _outputs = [];

    public DeviceHarness()
    {
        Flash = Temp.Sub("flash");
    }

    public TempFolder Temp { get; } = new();

    public Secrets Secrets { get; } = new();

    /// <summary>The default flash folder of this test.</summary>
    public string Flash { get; }

    /// <summary>Options for a run against <paramref name="emulator"/> with <paramref name="configPath"/>.</summary>
    public RunOptions Options(TestEmulator emulator, string configPath, string? flash = null) => new()
    {
        ConfigPath = configPath,
        FlashFolder = flash ?? Flash,
        CaFiles = [emulator.Server.CaCertificatePath],
        Resolve = emulator.Resolve,
    };

    /// <summary>A device.json for <paramref name="emulator"/>; its keys become secrets of the test.</summary>
    public string Config(TestEmulator emulator, IDictionary<string, object?>? fields = null, string name = "device.json")
    {
        Secrets.AddGroupKey(emulator.GroupKey);
        Secrets.AddGroupKey(emulator.SecondaryKey);
        foreach (var (field, value) in fields ?? new Dictionary<string, object?>())
        {
            if (field is "groupKey" && value is string groupKey)
            {
                Secrets.AddGroupKey(groupKey);
            }
            else if (field is "deviceKey" && value is string deviceKey)
            {
                Secrets.Add("device key", deviceKey);
            }
        }

        return emulator.WriteConfig(Temp.Sub(name), fields);
    }

    /// <summary>One boot through DeviceRun (the program's run path) with test hooks.</summary>
    internal async Task<RunResult> RunAsync(RunOptions options, RunHooks? hooks = null, bool interactive = false)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        RecordingExchange? recorder = null;
        hooks ??= new RunHooks();
        var recording = hooks with
        {
            WrapHttp = inner => recorder = new RecordingExchange(hooks.WrapHttp?.Invoke(inner) ?? inner, Secrets),
        };
        int code = await DeviceRun.RunAsync(options, new Terminal(output, error, interactive), recording);
        return Check(new RunResult(code, output.ToString(), error.ToString(), recorder?.Exchanges ?? [], recorder?.MaxInFlight ?? 0));
    }

    /// <summary>One invocation of the command line (as Program.Main, with captured output), with no standard input and an empty environment.</summary>
    public Task<RunResult> CliAsync(params string[] args) => CliAsync(args, input: null);

    /// <summary>One invocation of the command line with <paramref name="input"/> as standard input (a pipe, not a terminal) and <paramref name="environment"/> as its variables.</summary>
    public async Task<RunResult> CliAsync(string[] args, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var terminal = new Terminal(output, error, interactive: false, new StringReader(input ?? string.Empty), environment ?? new Dictionary<string, string>());
        int code = await CommandLine.RunAsync(args, terminal);
        return new RunResult(code, output.ToString(), error.ToString(), [], 0);
    }

    /// <summary>
    /// Runs the real program (dotnet VirtualDevice.dll <paramref name="args"/>) in the test's temp folder,
    /// as a user starts it; killed after <paramref name="limit"/> (default 90 s). The output is not checked
    /// for secrets here: the caller learns them first, then calls <see cref="Check"/>.
    /// </summary>
    public async Task<RunResult> ProgramAsync(string[] args, TimeSpan? limit = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Temp.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VirtualDevice.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new RunResult(process.ExitCode, await output, await error, [], 0);
    }

    /// <summary>Checks an output captured elsewhere (e.g. a child process) for the test's secrets.</summary>
    public RunResult Check(RunResult result)
    {
        lock (_outputs)
        {
            _outputs.Add(result.Output);
        }

        Secrets.AssertNotIn(result.Output, "the output");
        return result;
    }

    /// <summary>Writes a known MAC into <paramref name="flash"/> so the registration id is known before the boot.</summary>
    public static string PresetMac(string flash, string mac = "02:00:00:00:00:01")
    {
        Directory.CreateDirectory(flash);
        File.WriteAllText(Path.Combine(flash, Board.VirtualMac.FileName), mac + "\n");
        return "nanodps-" + mac.Replace(":", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>The repository this test was built from (the folder holding nanoDps.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "nanoDps.sln")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("nanoDps.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The record stored in <paramref name="flash"/>, as the core reads it.</summary>
    public static ProvisioningRecord? StoredRecord(string flash) => new RecordStore(new Adapters.FolderFlashStore(flash)).Load();

    public void Dispose()
    {
        try
        {
            Assert.True(Secrets.Count > 0, "the test registered no secret to look for");
            lock (_outputs)
            {
                Secrets.AssertNotIn(string.Join("\n", _outputs), "the test's outputs");
            }
        }
        finally
        {
            Temp.Dispose();
        }
    }
}

/// <summary>What one run printed and returned.</summary>
public sealed record RunResult(int ExitCode, string Stdout, string Stderr, IReadOnlyList<RecordingExchange.Exchange> Exchanges, int MaxInFlight)
{
    public string Output => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n{Output}";
}
