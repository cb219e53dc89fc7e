using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Dps;
using NanoDps.FleetSim.Engine;
using NanoDps.Provisioning;
using Xunit;

namespace NanoDps.FleetSim.Tests;

public class DeviceTests
{
    private static readonly SimAnswer Throttled3 = new(429, 3, 0);

    [Fact]
    public void Ours_runs_the_core_register_then_poll_at_Retry_After_then_done()
    {
        long now = 0;
        var device = new CoreDevice(0, new CoreDeviceOptions(), new SimClock(() => now), seed: 1);
        Assert.Equal(DeviceStep.Send(SimRequest.Register), device.Boot());
        Assert.Equal(DeviceStep.Wait(3000), device.Answer(new SimAnswer(202, 3, 42)));
        now = 3000;
        Assert.Equal(DeviceStep.Send(SimRequest.Poll(42)), device.Wake());
        Assert.Equal(DeviceStepKind.Provisioned, device.Answer(new SimAnswer(200, -1, 42)).Kind);
    }

    [Fact]
    public void Ours_backs_off_within_the_core_windows_after_429()
    {
        var backoff = new Backoff();
        long now = 0;
        var device = new CoreDevice(0, new CoreDeviceOptions(), new SimClock(() => now), seed: 7);
        device.Boot();
        for (int failure = 1; failure <= 6; failure++)
        {
            DeviceStep step = device.Answer(Throttled3);
            int window = backoff.WindowMilliseconds(failure);
            Assert.Equal(DeviceStepKind.Wait, step.Kind);
            Assert.InRange(step.WaitMilliseconds, window - (window * backoff.JitterPercent / 100), window);
            now += step.WaitMilliseconds;
            Assert.Equal(SimRequest.Register, device.Wake().Request);
        }
    }

    [Fact]
    public void Ours_adds_its_jitter_above_a_long_Retry_After()
    {
        // The core lifts the window's bottom to a Retry-After longer than it and draws the jitter
        // above that: devices told "30 s" come back spread over the next 18 s, not all at 30 s.
        var backoff = new Backoff();
        int span = backoff.WindowMilliseconds(1) * backoff.JitterPercent / 100;
        var waits = new List<int>();
        for (int index = 0; index < 200; index++)
        {
            long now = 0;
            var device = new CoreDevice(index, new CoreDeviceOptions(), new SimClock(() => now), seed: 1);
            device.Boot();
            DeviceStep step = device.Answer(new SimAnswer(429, 30, 0));
            Assert.Equal(DeviceStepKind.Wait, step.Kind);
            Assert.InRange(step.WaitMilliseconds, 30_000, 30_000 + span);
            waits.Add(step.WaitMilliseconds);
        }

        Assert.True(waits.Distinct().Count() > 190, "the waits are spread, not collapsed onto Retry-After");
        Assert.True(waits.Max() - waits.Min() > span / 2, $"spread {waits.Max() - waits.Min()} ms of {span} ms");
    }

    [Fact]
    public void Ours_sleeps_as_the_firmware_does_then_restarts_a_flow_that_ran_past_its_deadline()
    {
        long now = 0;
        var device = new CoreDevice(0, new CoreDeviceOptions { DeadlineSeconds = 60 }, new SimClock(() => now), seed: 3);
        device.Boot();
        DeviceStep step = device.Answer(Throttled3);
        while (step.Kind == DeviceStepKind.Wait && device.Restarts == 0)
        {
            now += step.WaitMilliseconds;
            step = device.Wake();
            if (step.Kind == DeviceStepKind.Send && device.Restarts == 0)
            {
                step = device.Answer(Throttled3);
            }
        }

        Assert.Equal(1, device.Restarts);
        Assert.InRange(now, RetrySchedule.FirstWindowSeconds * 1000 / 2, 60_000 + (RetrySchedule.FirstWindowSeconds * 1000));
        Assert.Equal(DeviceStepKind.Send, step.Kind);
        Assert.Equal(SimRequest.Register, step.Request);
    }

    [Fact]
    public void Sdk_c_waits_exactly_Retry_After_or_one_second()
    {
        var device = new SdkCDevice();
        Assert.Equal(SimRequest.Register, device.Boot().Request);
        Assert.Equal(3000, device.Answer(Throttled3).WaitMilliseconds);
        Assert.Equal(1000, device.Answer(new SimAnswer(429, -1, 0)).WaitMilliseconds);
        Assert.Equal(1000, device.Answer(new SimAnswer(429, 301, 0)).WaitMilliseconds);
        Assert.Equal(SimRequest.Register, device.Wake().Request);
        Assert.Equal(3000, device.Answer(new SimAnswer(202, 3, 9)).WaitMilliseconds);
        Assert.Equal(SimRequest.Poll(9), device.Wake().Request);
    }

    [Fact]
    public void Identity_service_backs_off_four_times_then_gives_up()
    {
        var device = new IdentityServiceDevice(0, seed: 1);
        device.Boot();
        int[] low = [60_000, 120_000, 180_000, 300_000];
        int[] high = [70_000, 140_000, 210_000, 330_000];
        for (int i = 0; i < 4; i++)
        {
            DeviceStep step = device.Answer(Throttled3);
            Assert.Equal(DeviceStepKind.Wait, step.Kind);
            Assert.InRange(step.WaitMilliseconds, low[i], high[i]);
            device.Wake();
        }

        Assert.Equal(DeviceStepKind.GaveUp, device.Answer(Throttled3).Kind);
    }

    [Fact]
    public void Identity_service_polls_every_five_seconds_whatever_Retry_After_says()
    {
        var device = new IdentityServiceDevice(0, seed: 1);
        device.Boot();
        Assert.Equal(5000, device.Answer(new SimAnswer(202, 1, 5)).WaitMilliseconds);
        Assert.Equal(SimRequest.Poll(5), device.Wake().Request);
    }

    [Fact]
    public void Naive_fixed_waits_its_interval_whatever_the_answer()
    {
        var device = new NaiveFixedDevice(5000);
        device.Boot();
        Assert.Equal(5000, device.Answer(new SimAnswer(429, 30, 0)).WaitMilliseconds);
        Assert.Equal(5000, device.Answer(new SimAnswer(202, 3, 1)).WaitMilliseconds);
    }

    [Fact]
    public void The_random_source_is_reproducible_and_in_range()
    {
        var a = new SimRandom(5, 9);
        var b = new SimRandom(5, 9);
        var c = new SimRandom(5, 10);
        int[] first = Enumerable.Range(0, 100).Select(_ => a.Next(1000)).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 100).Select(_ => b.Next(1000)).ToArray());
        Assert.NotEqual(first, Enumerable.Range(0, 100).Select(_ => c.Next(1000)).ToArray());
        Assert.All(first, x => Assert.InRange(x, 0, 999));
    }

    [Fact]
    public void Boot_patterns_place_devices_as_described()
    {
        Assert.All(BootPattern.AllAtOnce.BootTimes(100, 1), t => Assert.Equal(0, t));

        long[] spread = BootPattern.Spread(60_000).BootTimes(1000, 1);
        Assert.All(spread, t => Assert.InRange(t, 0, 59_999));
        Assert.True(spread.Distinct().Count() > 900);
        Assert.Equal(spread, BootPattern.Spread(60_000).BootTimes(1000, 1));

        long[] waves = BootPattern.Waves(2, 180_000).BootTimes(1000, 1);
        Assert.Equal(500, waves.Count(t => t == 0));
        Assert.Equal(500, waves.Count(t => t == 180_000));
    }
}
