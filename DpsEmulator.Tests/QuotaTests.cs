using System.Net;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>Quotas on a fake clock: registrations/min, operations/min (token buckets) and 5 polls per 10 s per device.</summary>
public sealed class QuotaTests
{
    [Fact]
    public async Task Registrations_beyond_the_burst_get_429_with_retry_after_until_tokens_refill()
    {
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.Quotas.RegistrationsPerMinute = 60; // one per second
            o.Quotas.RegistrationBurst = 5;
            o.ThrottleRetryAfterSeconds = 7;
        });

        for (var i = 0; i < 5; i++)
        {
            using var ok = await emu.RegisterAsync($"burst-{i}");
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        }

        using var throttled = await emu.RegisterAsync("burst-5");
        Assert.Equal((HttpStatusCode)429, throttled.StatusCode);
        Assert.Equal(7, TestEmulator.RetryAfter(throttled));
        var body = await TestEmulator.Json(throttled);
        Assert.Equal(DpsErrorCodes.RegistrationsThrottled, body.GetProperty("errorCode").GetInt32());
        Assert.True(body.TryGetProperty("trackingId", out _));

        emu.Time!.Advance(TimeSpan.FromSeconds(1));
        using var refilled = await emu.RegisterAsync("burst-5");
        using var emptyAgain = await emu.RegisterAsync("burst-6");
        Assert.Equal(HttpStatusCode.Accepted, refilled.StatusCode);
        Assert.Equal((HttpStatusCode)429, emptyAgain.StatusCode);

        emu.Time.Advance(TimeSpan.FromMinutes(10)); // refills only up to the burst
        for (var i = 0; i < 5; i++)
        {
            using var ok = await emu.RegisterAsync($"later-{i}");
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        }

        using var again = await emu.RegisterAsync("later-5");
        Assert.Equal((HttpStatusCode)429, again.StatusCode);
    }

    [Fact]
    public async Task Operations_per_minute_are_counted_across_devices_and_separately_from_registrations()
    {
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.Quotas.OperationsPerMinute = 60;
            o.Quotas.OperationBurst = 3;
            o.AssignmentDelay = TimeSpan.FromSeconds(30);
        });
        var operations = new List<(string Id, string Op)>();
        for (var i = 0; i < 4; i++)
        {
            using var register = await emu.RegisterAsync($"ops-{i}");
            Assert.Equal(HttpStatusCode.Accepted, register.StatusCode);
            operations.Add(($"ops-{i}", (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!));
        }

        for (var i = 0; i < 3; i++)
        {
            using var poll = await emu.PollAsync(operations[i].Id, operations[i].Op);
            Assert.Equal(HttpStatusCode.Accepted, poll.StatusCode);
        }

        using var throttled = await emu.PollAsync(operations[3].Id, operations[3].Op);
        using var statusThrottled = await emu.StatusAsync(operations[3].Id);
        Assert.Equal((HttpStatusCode)429, throttled.StatusCode);
        Assert.Equal(3, TestEmulator.RetryAfter(throttled));
        Assert.Equal(DpsErrorCodes.OperationsThrottled, (await TestEmulator.Json(throttled)).GetProperty("errorCode").GetInt32());
        Assert.Equal((HttpStatusCode)429, statusThrottled.StatusCode);

        // Registrations have their own bucket.
        using var register5 = await emu.RegisterAsync("ops-5");
        Assert.Equal(HttpStatusCode.Accepted, register5.StatusCode);
    }

    [Fact]
    public async Task A_device_may_poll_five_times_per_ten_seconds_sliding()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.AssignmentDelay = TimeSpan.FromMinutes(1));
        using var register = await emu.RegisterAsync("poller-1");
        var operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;

        for (var i = 0; i < 5; i++)
        {
            using var poll = await emu.PollAsync("poller-1", operationId);
            Assert.Equal(HttpStatusCode.Accepted, poll.StatusCode);
            emu.Time!.Advance(TimeSpan.FromSeconds(1)); // polls at t = 0, 1, 2, 3, 4
        }

        using var sixth = await emu.PollAsync("poller-1", operationId); // t = 5
        Assert.Equal((HttpStatusCode)429, sixth.StatusCode);
        Assert.Equal(3, TestEmulator.RetryAfter(sixth));
        Assert.Equal(DpsErrorCodes.DevicePollingThrottled, (await TestEmulator.Json(sixth)).GetProperty("errorCode").GetInt32());

        // Another device is not affected.
        using var otherRegister = await emu.RegisterAsync("poller-2");
        using var other = await emu.PollAsync("poller-2", (await TestEmulator.Json(otherRegister)).GetProperty("operationId").GetString()!);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);

        emu.Time!.Advance(TimeSpan.FromSeconds(4.5)); // t = 9.5: the poll at t = 0 is still inside the window
        using var stillThrottled = await emu.PollAsync("poller-1", operationId);
        Assert.Equal((HttpStatusCode)429, stillThrottled.StatusCode);

        emu.Time.Advance(TimeSpan.FromSeconds(0.5)); // t = 10: the poll at t = 0 left the window
        using var allowed = await emu.PollAsync("poller-1", operationId);
        using var throttledAgain = await emu.PollAsync("poller-1", operationId);
        Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);
        Assert.Equal((HttpStatusCode)429, throttledAgain.StatusCode);
    }

    [Fact]
    public async Task By_default_unauthenticated_requests_get_401_and_spend_no_quota()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Quotas.RegistrationBurst = 2);
        for (var i = 0; i < 5; i++)
        {
            using var bad = await emu.RegisterAsync("anon-1", emu.Token("anon-1", key: emu.GroupKey));
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        }

        using var first = await emu.RegisterAsync("good-1");
        using var second = await emu.RegisterAsync("good-2");
        using var third = await emu.RegisterAsync("good-3");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
    }

    [Fact]
    public async Task Throttling_before_authentication_answers_429_even_to_bad_tokens()
    {
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.Quotas.RegistrationBurst = 2;
            o.Quotas.ThrottleBeforeAuthentication = true;
        });
        var badToken = emu.Token("anon-1", key: emu.GroupKey);
        using var bad1 = await emu.RegisterAsync("anon-1", badToken);
        using var bad2 = await emu.RegisterAsync("anon-1", badToken);
        using var bad3 = await emu.RegisterAsync("anon-1", badToken);
        using var good = await emu.RegisterAsync("good-1");

        Assert.Equal(HttpStatusCode.Unauthorized, bad1.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad2.StatusCode);
        Assert.Equal((HttpStatusCode)429, bad3.StatusCode);
        Assert.Equal((HttpStatusCode)429, good.StatusCode);
    }

    [Fact]
    public async Task Default_quotas_are_the_documented_dps_ones()
    {
        var options = new DpsEmulatorOptions();
        Assert.Equal(1000, options.Quotas.RegistrationsPerMinute);
        Assert.Equal(100, options.Quotas.RegistrationBurst);
        Assert.Equal(1000, options.Quotas.OperationsPerMinute);
        Assert.Equal(100, options.Quotas.OperationBurst);
        Assert.Equal(5, options.Quotas.PollsPerDevice);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Quotas.PollWindow);
        Assert.Equal(3, options.ThrottleRetryAfterSeconds);
        Assert.Equal(3, options.RetryAfterSeconds);
        Assert.Equal(TimeSpan.FromSeconds(2), options.AssignmentDelay);

        // The default burst of 100 registrations passes at once; the 101st is throttled.
        await using var emu = await TestEmulator.StartAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 101; i++)
        {
            using var response = await emu.RegisterAsync($"default-{i}");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(100), s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.Equal((HttpStatusCode)429, statuses[100]);
    }
}
