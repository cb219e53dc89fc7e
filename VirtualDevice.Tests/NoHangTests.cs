using System.Diagnostics;
using System.Text.RegularExpressions;
using NanoDps.Emulator;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// A DPS that accepts TCP and never speaks TLS must not hang the device: each attempt ends at the
/// handshake's bound as a transport failure, reported in one line that names the stalled handshake,
/// and the run ends at the config's deadline with the usual summary and exit code 3. The real
/// program, as a user runs it.
/// </summary>
public sealed class NoHangTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    [Fact]
    public async Task A_server_that_never_speaks_TLS_ends_the_run_at_the_deadline_with_one_line_per_attempt()
    {
        await using var silent = new SilentTcpServer();
        string groupKey = SymmetricKeys.GenerateKey();
        _device.Secrets.AddGroupKey(groupKey);
        string config = _device.Temp.Sub("device.json");
        File.WriteAllText(config, $$"""{ "idScope": "0ne00000A0A", "endpoint": "localhost", "groupKey": "{{groupKey}}", "deadlineSeconds": 60 }""");
        var watch = Stopwatch.StartNew();

        RunResult run = await _device.ProgramAsync(["--config", config, "--flash", _device.Temp.Sub("flash"), "--resolve", $"localhost=127.0.0.1:{silent.Port}"], TimeSpan.FromSeconds(120));

        watch.Stop();
        _device.Secrets.AddRegistrationId(Regex.Match(run.Stdout, "registration id: (nanodps-[0-9a-f]{12})").Groups[1].Value);
        _device.Check(run);
        Assert.True(run.ExitCode == ExitCodes.Deadline, run.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"the run took {watch.Elapsed.TotalSeconds:0} s");

        // Each attempt ends at the handshake's 20 s, or sooner where less than that was left of the deadline.
        string stalledWithin = $"TLS handshake with localhost (routed to 127.0.0.1:{silent.Port}) got no answer ";
        string[] lines = run.Stdout.Split('\n');
        int[] requests = [.. lines.Select((line, i) => (line, i)).Where(x => x.line.Contains("INFO  request ", StringComparison.Ordinal)).Select(x => x.i)];
        Assert.True(requests.Length >= 1, run.ToString()); // how many fit in 60 s is the back-off's business
        Assert.Equal(requests.Length, lines.Count(l => Regex.IsMatch(l, "WARN  no answer: " + Regex.Escape(stalledWithin) + @"(within 20 s|before the deadline \(\d+ s were left of it\))$")));
        foreach (int at in requests)
        {
            Assert.Contains(stalledWithin, lines[at + 1]); // the attempt's own line, right after it
        }

        string stalled = lines[requests[^1] + 1][(lines[requests[^1] + 1].IndexOf(stalledWithin, StringComparison.Ordinal))..].TrimEnd();

        Assert.Equal(requests.Length, silent.Accepted); // one connection per attempt, nothing behind the core's back
        Assert.Contains("Result: NOT PROVISIONED: no assignment within deadlineSeconds (60 s)", run.Stdout);
        Assert.Matches(@"WARN  (the next retry would come after the 60 s deadline|the 60 s deadline has passed): stopping now, \d+\.\d s in", run.Stdout);
        Assert.Contains($" of {requests.Length} request(s) got no answer (last: {stalled}). Check the network path to localhost", run.Stdout);
        Assert.DoesNotContain("throttl", run.Stdout);
        Assert.Contains("last failure    " + stalled, run.Stdout);
        Assert.Contains("exit code       3", run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task A_server_that_stalls_the_answer_body_does_not_keep_the_run_past_its_deadline()
    {
        await using var server = new CannedHttpsServer(_device.Temp.Path, _ => CannedHttpsServer.Answer.StalledBody("202 Accepted", "{\"operationId\":", 200));
        string groupKey = SymmetricKeys.GenerateKey();
        _device.Secrets.AddGroupKey(groupKey);
        string config = _device.Temp.Sub("device.json");
        File.WriteAllText(config, $$"""{ "idScope": "0ne00000A0A", "endpoint": "localhost", "groupKey": "{{groupKey}}", "deadlineSeconds": 60 }""");
        var watch = Stopwatch.StartNew();

        RunResult run = await _device.CliAsync("--config", config, "--flash", _device.Flash, "--ca", server.CaPath, "--resolve", $"localhost=127.0.0.1:{server.Port}");

        watch.Stop();
        Assert.True(run.ExitCode == ExitCodes.Deadline, run.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(64), $"the run took {watch.Elapsed.TotalSeconds:0.0} s");
        Match stop = Regex.Match(run.Stdout, @"(the next retry would come after the 60 s deadline|the 60 s deadline has passed): stopping now, (\d+\.\d) s in");
        Assert.True(stop.Success, run.ToString());
        Assert.True(double.Parse(stop.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) <= 61, stop.Value);
    }

    [Fact]
    public async Task An_adapter_that_throws_ends_the_boot_with_a_result()
    {
        await using var dps = await TestEmulator.StartAsync();
        var options = _device.Options(dps, _device.Config(dps));

        RunResult run = await _device.RunAsync(options, new Cli.RunHooks { WrapHttp = _ => new Throwing() });

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("Result: NOT PROVISIONED: unexpected error", run.Stdout);
        Assert.Contains("what to check   unexpected InvalidOperationException: the adapter broke its promise", run.Stdout);
        Assert.Contains("retry           a board would now sleep", run.Stdout);
    }

    [Fact]
    public async Task An_internal_error_before_the_boot_is_one_line_and_exit_1()
    {
        _device.Secrets.Add("nothing secret is used here", "not-a-secret-" + Guid.NewGuid());
        var options = new Cli.RunOptions { FlashFolder = _device.Flash, EmulatorData = _device.Temp.Sub("emulator") };

        RunResult run = await _device.RunAsync(options, new Cli.RunHooks { ConfigureEmulator = _ => throw new InvalidOperationException("boom") });

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Equal("error: internal error (InvalidOperationException: boom); run with --verbose for details", run.Stderr.Trim());
        Assert.DoesNotContain("   at ", run.Output);
    }

    public void Dispose() => _device.Dispose();

    private sealed class Throwing : NanoDps.Provisioning.IHttpExchange
    {
        public NanoDps.Provisioning.HttpExchangeResult Send(NanoDps.Provisioning.DpsRequest request) => throw new InvalidOperationException("the adapter broke its promise");
    }
}
