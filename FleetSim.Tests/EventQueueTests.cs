using NanoDps.FleetSim.Engine;
using Xunit;

namespace NanoDps.FleetSim.Tests;

public class EventQueueTests
{
    [Fact]
    public void Events_come_out_in_time_order_and_the_clock_jumps_to_each()
    {
        var queue = new EventQueue<string>();
        queue.Schedule(3000, "c");
        queue.Schedule(1000, "a");
        queue.Schedule(2000, "b");
        var seen = new List<(long, string)>();
        while (queue.TryNext(out string item))
        {
            seen.Add((queue.Now, item));
        }

        Assert.Equal([(1000L, "a"), (2000L, "b"), (3000L, "c")], seen);
    }

    [Fact]
    public void Events_at_the_same_time_come_out_in_the_order_they_were_scheduled()
    {
        var queue = new EventQueue<int>();
        for (int i = 0; i < 1000; i++)
        {
            queue.Schedule(i % 3 == 0 ? 5 : 7, i);
        }

        var order = new List<int>();
        while (queue.TryNext(out int item))
        {
            order.Add(item);
        }

        var expected = Enumerable.Range(0, 1000).Where(i => i % 3 == 0).Concat(Enumerable.Range(0, 1000).Where(i => i % 3 != 0));
        Assert.Equal(expected, order);
    }

    [Fact]
    public void After_is_relative_to_now_and_the_past_is_refused()
    {
        var queue = new EventQueue<string>();
        queue.Schedule(500, "first");
        Assert.True(queue.TryNext(out _));
        queue.After(250, "second");
        Assert.Equal(750, queue.PeekTime());
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Schedule(499, "late"));
    }
}
