using System.Diagnostics;
using System.Net;
using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>Fault injection: each profile does what it says, and the same seed gives the same faults.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task Same_seed_and_requests_give_the_same_faults_and_another_seed_others()
    {
        var profile = FaultProfile.Chaos with { SlowDelayMin = TimeSpan.FromMilliseconds(1), SlowDelayMax = TimeSpan.FromMilliseconds(5) };
        var first = await FaultSequenceAsync(profile, seed: 42);
        var again = await FaultSequenceAsync(profile, seed: 42);
        var other = await FaultSequenceAsync(profile, seed: 7);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        // Chaos mixes several kinds, and many requests still go through.
        Assert.True(first.Distinct().Count() >= 4, string.Join(",", first));
        Assert.True(first.Count(f => f == "-") >= first.Count / 4, string.Join(",", first));
    }

    [Fact]
    public async Task Throttle_storm_answers_many_429_with_retry_after_and_a_dps_body()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Faults = FaultProfile.ThrottleStorm);
        var throttled = 0;
        for (var i = 0; i < 40; i++)
        {
            using var response = await emu.RegisterAsync($"storm-{i}");
            if (response.StatusCode == (HttpStatusCode)429)
            {
                throttled++;
                Assert.Equal(3, TestEmulator.RetryAfter(response));
                Assert.Equal(DpsErrorCodes.RegistrationsThrottled, (await TestEmulator.Json(response)).GetProperty("errorCode").GetInt32());
            }
            else
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
        }

        Assert.InRange(throttled, 15, 40);
        Assert.Equal(throttled, emu.Server.RequestLog.Snapshot().Count(e => e.Fault == "throttle" && e.Status == 429));
    }

    [Fact]
    public async Task Server_errors_come_as_500_and_503_in_bursts()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Faults = FaultProfile.ServerErrors);
        var statuses = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            using var response = await emu.RegisterAsync($"errors-{i}");
            statuses.Add((int)response.StatusCode);
            if ((int)response.StatusCode >= 500)
            {
                Assert.Equal((int)response.StatusCode, (await TestEmulator.Json(response)).GetProperty("errorCode").GetInt32() / 1000);
            }
        }

        Assert.Contains(500, statuses);
        Assert.Contains(503, statuses);
        Assert.Contains(202, statuses);
        var longestRun = statuses.Aggregate((Run: 0, Max: 0), (a, s) => s >= 500 ? (a.Run + 1, Math.Max(a.Max, a.Run + 1)) : (0, a.Max)).Max;
        Assert.True(longestRun >= 2, string.Join(",", statuses));
    }

    [Fact]
    public async Task Connection_resets_abort_the_connection_before_processing()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Faults = FaultProfile.ConnectionResets, newConnectionEachRequest: true);
        var resets = 0;
        for (var i = 0; i < 20; i++)
        {
            try
            {
                using var response = await emu.RegisterAsync($"reset-{i}");
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
            catch (HttpRequestException)
            {
                resets++;
            }
        }

        var logged = emu.Server.RequestLog.Snapshot().Where(e => e.Fault == "connection-reset").ToList();
        Assert.True(resets > 0);
        Assert.Equal(resets, logged.Count);
        Assert.All(logged, e => Assert.Equal(0, e.Status));
    }

    [Fact]
    public async Task Slow_answers_are_delayed_then_processed()
    {
        var profile = FaultProfile.Slow with { SlowRate = 1, SlowDelayMin = TimeSpan.FromMilliseconds(300), SlowDelayMax = TimeSpan.FromMilliseconds(400) };
        await using var emu = await TestEmulator.StartAsync(o => o.Faults = profile);
        var watch = Stopwatch.StartNew();
        using var response = await emu.RegisterAsync("slow-1");
        watch.Stop();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.InRange(watch.ElapsedMilliseconds, 290, 5000);
        Assert.Equal("slow", emu.Server.RequestLog.Snapshot().Single().Fault);
    }

    [Fact]
    public async Task Malformed_profile_sends_truncated_and_invalid_bodies()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Faults = FaultProfile.Malformed, newConnectionEachRequest: true);
        int truncated = 0, malformed = 0, fine = 0;
        for (var i = 0; i < 40; i++)
        {
            try
            {
                using var response = await emu.RegisterAsync($"bad-body-{i}");
                var text = await response.Content.ReadAsStringAsync();
                try
                {
                    JsonDocument.Parse(text).Dispose();
                    fine++;
                }
                catch (JsonException)
                {
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode); // real status, broken body
                    malformed++;
                }
            }
            catch (HttpRequestException)
            {
                truncated++; // Content-Length promised more than was sent
            }
        }

        var log = emu.Server.RequestLog.Snapshot();
        Assert.True(truncated > 0 && malformed > 0 && fine > 0, $"{truncated}/{malformed}/{fine}");
        Assert.Equal(truncated, log.Count(e => e.Fault == "truncated"));
        Assert.Equal(malformed, log.Count(e => e.Fault == "malformed"));
        // Truncated and malformed answers were processed: the operations exist.
        Assert.All(log.Where(e => e.Fault is "truncated" or "malformed"), e => Assert.Equal(202, e.Status));
    }

    [Fact]
    public async Task Faults_spare_the_hub_unless_configured()
    {
        var always = new FaultProfile { Name = "always-503", ServerErrorRate = 1 };
        await using var emu = await TestEmulator.StartAsync(o => o.Faults = always);
        using var hubAnswer = await emu.Http.PostAsync($"https://{TestEmulator.Hub1}:{emu.Server.Port}/devices/x/messages/events?api-version=2020-03-13", new StringContent("x"));
        using var dpsAnswer = await emu.RegisterAsync("x-1");
        Assert.Equal(HttpStatusCode.Unauthorized, hubAnswer.StatusCode); // no token: the hub's own answer, not a fault
        Assert.True((int)dpsAnswer.StatusCode >= 500);

        await using var withHub = await TestEmulator.StartAsync(o => o.Faults = always with { ApplyToHub = true });
        using var hubFaulted = await withHub.Http.PostAsync($"https://{TestEmulator.Hub1}:{withHub.Server.Port}/devices/x/messages/events?api-version=2020-03-13", new StringContent("x"));
        Assert.True((int)hubFaulted.StatusCode >= 500);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Preview_is_what_a_running_emulator_injects_for_the_same_seed(bool applyToHub)
    {
        // Chaos has every kind of fault and bursts; slow answers kept short.
        var profile = FaultProfile.Chaos with
        {
            SlowDelayMin = TimeSpan.FromMilliseconds(1),
            SlowDelayMax = TimeSpan.FromMilliseconds(5),
            ApplyToHub = applyToHub,
        };
        const int Seed = 1234;
        await using var emu = await TestEmulator.StartAsync(
            o =>
            {
                o.Faults = profile;
                o.FaultSeed = Seed;
                o.Quotas = QuotaOptions.Unlimited;
            },
            newConnectionEachRequest: true);

        // Registers, polls, status lookups and hub messages, with requests faults do not apply to
        // (wrong method, unknown path, the hub unless ApplyToHub) in between; one at a time.
        var eligible = new List<bool>();
        for (var i = 0; i < 60; i++)
        {
            eligible.Add((i % 6) switch { 3 or 5 => false, 4 => applyToHub, _ => true });
            var sending = (i % 6) switch
            {
                0 => emu.RegisterAsync($"preview-{i}"),
                1 => emu.PollAsync($"preview-{i - 1}", "1.0123456789abcdef.unknown"),
                2 => emu.StatusAsync($"preview-{i - 2}"),
                3 => emu.Http.GetAsync($"{emu.IdScope}/registrations/preview-{i}/register?api-version={TestEmulator.DefaultApiVersion}"), // 405
                4 => emu.Http.PostAsync($"https://{TestEmulator.Hub1}:{emu.Server.Port}/devices/preview-{i}/messages/events?api-version=2020-03-13", new StringContent("x")),
                _ => emu.Http.GetAsync("nothing/here"), // 404
            };
            try
            {
                using var response = await sending;
                await response.Content.ReadAsByteArrayAsync();
            }
            catch (HttpRequestException)
            {
                // reset or truncated
            }

            // An entry is added just after its answer went out; a reset or truncated answer reaches the
            // client first. Wait for it, so that the log keeps the order the requests were sent in.
            for (var wait = 0; wait < 100 && emu.Server.RequestLog.Snapshot().Count <= i; wait++)
            {
                await Task.Delay(20);
            }
        }

        var log = emu.Server.RequestLog.Snapshot();
        Assert.Equal(eligible.Count, log.Count);
        var injected = log.Where((_, i) => eligible[i]).Select(e => e.Fault).ToList();
        Assert.All(log.Where((_, i) => !eligible[i]), e => Assert.Null(e.Fault));

        var preview = profile.Preview(Seed, injected.Count);
        Assert.Equal(preview.Select(k => k.LogName()), injected);
        Assert.True(preview.Distinct().Count() >= 4, string.Join(",", preview)); // the comparison means something
        Assert.Equal(preview, profile.Preview(Seed, injected.Count));
        Assert.Equal(preview.Take(10), profile.Preview(Seed, 10));
        Assert.NotEqual(preview, profile.Preview(Seed + 1, injected.Count));
    }

    [Fact]
    public void Preview_of_no_faults_is_none_and_bad_arguments_are_refused()
    {
        Assert.Equal(Enumerable.Repeat(FaultKind.None, 5), FaultProfile.None.Preview(42, 5));
        Assert.Empty(FaultProfile.Chaos.Preview(42, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FaultProfile.Chaos.Preview(42, -1));
        Assert.Throws<ArgumentException>(() => new FaultProfile { Name = "too-much", ThrottleRate = 0.7, ServerErrorRate = 0.7 }.Preview(42, 5));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("throttle-storm")]
    [InlineData("server-errors")]
    [InlineData("connection-resets")]
    [InlineData("slow")]
    [InlineData("malformed")]
    [InlineData("CHAOS")]
    public void Built_in_profiles_are_found_by_name(string name)
    {
        var profile = FaultProfile.FromName(name);
        Assert.Equal(name.ToLowerInvariant(), profile.Name);
        var (options, _, error) = Cli.CommandLine.Parse(["--faults", name, "--seed", "9"]);
        Assert.Null(error);
        Assert.Same(profile, options!.Faults);
        Assert.Equal(9, options.FaultSeed);
    }

    [Fact]
    public async Task Unknown_profile_and_impossible_rates_are_refused()
    {
        Assert.Throws<ArgumentException>(() => FaultProfile.FromName("earthquake"));
        Assert.NotNull(Cli.CommandLine.Parse(["--faults", "earthquake"]).Error);
        var options = new DpsEmulatorOptions { Faults = new FaultProfile { Name = "too-much", ThrottleRate = 0.7, ServerErrorRate = 0.7 } };
        await Assert.ThrowsAsync<ArgumentException>(() => DpsEmulatorServer.StartAsync(options));
    }

    /// <summary>40 requests, one at a time on new connections; the fault of each as logged ("-" for none).</summary>
    private static async Task<List<string>> FaultSequenceAsync(FaultProfile profile, int seed)
    {
        await using var emu = await TestEmulator.StartAsync(
            o =>
            {
                o.Faults = profile;
                o.FaultSeed = seed;
                o.Quotas = QuotaOptions.Unlimited;
            },
            newConnectionEachRequest: true);
        for (var i = 0; i < 40; i++)
        {
            try
            {
                using var response = i % 2 == 0
                    ? await emu.RegisterAsync($"seq-{i}")
                    : await emu.StatusAsync($"seq-{i - 1}");
                await response.Content.ReadAsByteArrayAsync();
            }
            catch (HttpRequestException)
            {
            }
        }

        var log = emu.Server.RequestLog.Snapshot();
        Assert.Equal(40, log.Count);
        return [.. log.Select(e => e.Fault ?? "-")];
    }
}
