using NanoDps.FleetSim.Dps;
using Xunit;

namespace NanoDps.FleetSim.Tests;

public class DpsModelTests
{
    private static readonly DpsModelOptions Calibrated = new();

    [Fact]
    public void Registrations_beyond_the_burst_are_answered_429_with_the_configured_Retry_After()
    {
        var dps = new DpsModel(Calibrated with { ThrottleRetryAfterSeconds = 7 }, 200);
        for (int d = 0; d < 100; d++)
        {
            Assert.Equal(202, dps.Handle(d, SimRequest.Register, 0).Status);
        }

        SimAnswer refused = dps.Handle(100, SimRequest.Register, 0);
        Assert.Equal(429, refused.Status);
        Assert.Equal(7, refused.RetryAfterSeconds);
        Assert.Equal(1, dps.Throttled);
        Assert.Equal(100, dps.RegistrationsAccepted);

        // One more token 60 ms later (1,000 per minute).
        Assert.Equal(429, dps.Handle(101, SimRequest.Register, 59).Status);
        Assert.Equal(202, dps.Handle(101, SimRequest.Register, 60).Status);
    }

    [Fact]
    public void Registrations_and_polls_are_throttled_separately()
    {
        var dps = new DpsModel(Calibrated with { RegistrationBurst = 2, OperationBurst = 1 }, 10);
        SimAnswer first = dps.Handle(0, SimRequest.Register, 0);
        SimAnswer second = dps.Handle(1, SimRequest.Register, 0);
        Assert.Equal(429, dps.Handle(2, SimRequest.Register, 0).Status);

        // The registration bucket is empty, yet a poll is accepted: it spends an operation token.
        Assert.Equal(202, dps.Handle(0, SimRequest.Poll(first.OperationId), 10).Status);

        // Now the operation bucket is empty: the next poll is refused, and that spends no registration.
        Assert.Equal(429, dps.Handle(1, SimRequest.Poll(second.OperationId), 10).Status);
        Assert.Equal(202, dps.Handle(2, SimRequest.Register, 60).Status);
        Assert.Equal(1, dps.PollsAccepted);
    }

    [Fact]
    public void A_device_may_poll_five_times_in_any_ten_seconds()
    {
        var dps = new DpsModel(Calibrated, 2);
        int op = dps.Handle(0, SimRequest.Register, 0).OperationId;
        int other = dps.Handle(1, SimRequest.Register, 0).OperationId;
        foreach (long t in new long[] { 1000, 2000, 3000, 4000, 5000 })
        {
            Assert.NotEqual(429, dps.Handle(0, SimRequest.Poll(op), t).Status);
        }

        SimAnswer sixth = dps.Handle(0, SimRequest.Poll(op), 10_999);
        Assert.Equal(429, sixth.Status);
        Assert.Equal(Calibrated.ThrottleRetryAfterSeconds, sixth.RetryAfterSeconds);
        Assert.Equal(1, dps.ThrottledByPollLimit);

        // Another device is not affected by this one's limit.
        Assert.NotEqual(429, dps.Handle(1, SimRequest.Poll(other), 10_999).Status);

        // Ten seconds after the first poll there is room again; the refused poll did not count.
        Assert.NotEqual(429, dps.Handle(0, SimRequest.Poll(op), 11_000).Status);
        Assert.Equal(429, dps.Handle(0, SimRequest.Poll(op), 11_001).Status);
        Assert.NotEqual(429, dps.Handle(0, SimRequest.Poll(op), 12_000).Status);
    }

    [Fact]
    public void The_operation_is_assigned_after_the_assignment_latency()
    {
        var dps = new DpsModel(Calibrated with { AssignmentLatencyMilliseconds = 2000, AssigningRetryAfterSeconds = 3 }, 1);
        SimAnswer accepted = dps.Handle(0, SimRequest.Register, 1000);
        Assert.Equal(202, accepted.Status);
        Assert.Equal(3, accepted.RetryAfterSeconds);

        SimAnswer early = dps.Handle(0, SimRequest.Poll(accepted.OperationId), 2999);
        Assert.Equal(202, early.Status);
        Assert.Equal(3, early.RetryAfterSeconds);
        Assert.Equal(200, dps.Handle(0, SimRequest.Poll(accepted.OperationId), 3000).Status);
    }

    [Fact]
    public void The_202_Retry_After_can_be_left_out()
    {
        var dps = new DpsModel(Calibrated with { AssigningRetryAfterSeconds = -1 }, 1);
        Assert.True(dps.Handle(0, SimRequest.Register, 0).RetryAfterSeconds < 0);
    }

    [Fact]
    public void A_poll_of_an_unknown_or_replaced_operation_is_404()
    {
        var dps = new DpsModel(Calibrated, 1);
        int old = dps.Handle(0, SimRequest.Register, 0).OperationId;
        int current = dps.Handle(0, SimRequest.Register, 10).OperationId;
        Assert.NotEqual(old, current);
        Assert.Equal(404, dps.Handle(0, SimRequest.Poll(old), 5000).Status);
        Assert.Equal(200, dps.Handle(0, SimRequest.Poll(current), 5000).Status);
    }
}
