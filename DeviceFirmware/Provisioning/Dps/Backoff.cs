namespace NanoDps.Provisioning
{
    /// <summary>
    /// How long the flow waits. Two rules:
    /// <list type="bullet">
    /// <item>Polling an operation that is still assigning: Retry-After (3 s when absent), clamped
    /// to [<see cref="MinIntervalMilliseconds"/>, <see cref="MaxRetryAfterSeconds"/>]. DPS allows
    /// 5 polls per 10 s per device, so the floor is 2 s.</item>
    /// <item>After a throttled (429), server-error (5xx), transport or malformed answer: exponential
    /// back-off with jitter. The n-th failure in a row opens a window of
    /// min(<see cref="CapWindowMilliseconds"/>, <see cref="FirstWindowMilliseconds"/> x 2^(n-1));
    /// after <see cref="CapGrowthAfterFailures"/> failures in a row the window grows by
    /// <see cref="CapGrowthMilliseconds"/> with each further one, never past
    /// <see cref="MaxWindowMilliseconds"/>. The wait is uniform over the top
    /// <see cref="JitterPercent"/>% of the window (100 = full jitter), and over the top
    /// <see cref="LateJitterPercent"/>% once the window grows. A Retry-After longer than the
    /// window's bottom lifts the bottom: the jitter is added above it, so a fleet told "30 s" does
    /// not come back in the same second. Never shorter than the 2 s floor.</item>
    /// </list>
    /// <para>
    /// The defaults come from the fleet simulation's search (docs/explanation/backoff.md, "Choosing the back-off"):
    /// windows of 20, 40, 80 and 95 s keep the last boards of any fleet that drains within a few
    /// minutes from sleeping through a long window while the quota sits idle; only a board refused
    /// more than 5 times in a row, which happens only in a large fleet, waits longer (+7.5 s per
    /// refusal) and over a narrower share of the window (45%: the fleet's boards are out of step by
    /// then), so large fleets send few requests. A board never knows its fleet's size: its run of
    /// refusals is the evidence.
    /// </para>
    /// </summary>
    public sealed class Backoff
    {
        /// <summary>Creates the default policy.</summary>
        public Backoff()
        {
            FirstWindowMilliseconds = 20000;
            CapWindowMilliseconds = 95000;
            CapGrowthAfterFailures = 5;
            CapGrowthMilliseconds = 7500;
            MaxWindowMilliseconds = 300000;
            JitterPercent = 75;
            LateJitterPercent = 45;
            MinIntervalMilliseconds = 2000;
            DefaultRetryAfterSeconds = 3;
            MaxRetryAfterSeconds = 300;
        }

        /// <summary>Window after the first failure.</summary>
        public int FirstWindowMilliseconds { get; set; }

        /// <summary>Where the doubling stops.</summary>
        public int CapWindowMilliseconds { get; set; }

        /// <summary>Failures in a row after which the window grows past the cap; 0: it never does.</summary>
        public int CapGrowthAfterFailures { get; set; }

        /// <summary>How much the window grows with each failure after <see cref="CapGrowthAfterFailures"/>.</summary>
        public int CapGrowthMilliseconds { get; set; }

        /// <summary>Largest window: the doubling and the growth both stop here.</summary>
        public int MaxWindowMilliseconds { get; set; }

        /// <summary>Share of the window the wait is drawn from, counted from its top: 1-100.</summary>
        public int JitterPercent { get; set; }

        /// <summary>The share once the window grows (after <see cref="CapGrowthAfterFailures"/>); 0: <see cref="JitterPercent"/>.</summary>
        public int LateJitterPercent { get; set; }

        /// <summary>Shortest time between two requests of one device.</summary>
        public int MinIntervalMilliseconds { get; set; }

        /// <summary>Poll interval when an assigning answer carries no Retry-After.</summary>
        public int DefaultRetryAfterSeconds { get; set; }

        /// <summary>Largest Retry-After honoured; larger values are clamped to it.</summary>
        public int MaxRetryAfterSeconds { get; set; }

        /// <summary>How long to wait before polling an operation that is assigning.</summary>
        public int PollDelayMilliseconds(int retryAfterSeconds)
        {
            int seconds = retryAfterSeconds < 0 ? DefaultRetryAfterSeconds : retryAfterSeconds;
            return AtLeastMinInterval(ClampRetryAfter(seconds));
        }

        /// <summary>The back-off window after <paramref name="failures"/> failures in a row (1 or more).</summary>
        public int WindowMilliseconds(int failures)
        {
            long cap = CapWindowMilliseconds < MaxWindowMilliseconds ? CapWindowMilliseconds : MaxWindowMilliseconds;
            long window = FirstWindowMilliseconds;
            for (int i = 1; i < failures && window < cap; i++)
            {
                window *= 2;
            }

            if (window > cap)
            {
                window = cap;
            }

            if (Grows(failures))
            {
                window += (long)(failures - CapGrowthAfterFailures) * CapGrowthMilliseconds;
            }

            return window < MaxWindowMilliseconds ? (int)window : MaxWindowMilliseconds;
        }

        /// <summary>The share of the window, from its top, that the wait after <paramref name="failures"/> failures is drawn from.</summary>
        public int JitterPercentAfter(int failures)
        {
            return LateJitterPercent > 0 && Grows(failures) ? LateJitterPercent : JitterPercent;
        }

        /// <summary>
        /// How long to wait after the <paramref name="failures"/>-th failure in a row:
        /// max(window bottom, Retry-After) + uniform jitter over the window's span.
        /// <paramref name="retryAfterSeconds"/> is negative when absent.
        /// </summary>
        public int RetryDelayMilliseconds(int failures, int retryAfterSeconds, IRandom random)
        {
            int window = WindowMilliseconds(failures);
            int span = (int)((long)window * JitterPercentAfter(failures) / 100);
            int bottom = window - span;
            int retryAfter = retryAfterSeconds < 0 ? 0 : ClampRetryAfter(retryAfterSeconds);
            long delay = (long)(bottom > retryAfter ? bottom : retryAfter) + random.Next(span < int.MaxValue ? span + 1 : span);
            return AtLeastMinInterval(delay < int.MaxValue ? (int)delay : int.MaxValue);
        }

        private bool Grows(int failures)
        {
            return CapGrowthAfterFailures > 0 && failures > CapGrowthAfterFailures;
        }

        private int ClampRetryAfter(int seconds)
        {
            return (seconds > MaxRetryAfterSeconds ? MaxRetryAfterSeconds : seconds) * 1000;
        }

        private int AtLeastMinInterval(int milliseconds)
        {
            return milliseconds < MinIntervalMilliseconds ? MinIntervalMilliseconds : milliseconds;
        }
    }
}
