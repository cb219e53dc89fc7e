namespace NanoDps.Provisioning
{
    /// <summary>
    /// How long a board sleeps after a boot that ended without a working assignment: the window
    /// starts at 5 minutes and doubles with each failed boot in a row up to 6 hours, and the wait
    /// is drawn from its upper half. A fleet that failed together (a DPS outage, a wrong key
    /// pushed to every board) comes back spread out, and no board retries sooner than half its
    /// window.
    /// </summary>
    public static class RetrySchedule
    {
        /// <summary>Window after the first failed boot: 5 minutes.</summary>
        public const int FirstWindowSeconds = 300;

        /// <summary>Largest window: 6 hours.</summary>
        public const int MaxWindowSeconds = 21600;

        /// <summary>The window after <paramref name="failedBoots"/> failed boots in a row (1 or more).</summary>
        public static int WindowSeconds(int failedBoots)
        {
            long window = FirstWindowSeconds;
            for (int i = 1; i < failedBoots && window < MaxWindowSeconds; i++)
            {
                window *= 2;
            }

            return window < MaxWindowSeconds ? (int)window : MaxWindowSeconds;
        }

        /// <summary>The sleep after <paramref name="failedBoots"/> failed boots: uniform over the upper half of the window.</summary>
        public static int DelaySeconds(int failedBoots, IRandom random)
        {
            int window = WindowSeconds(failedBoots);
            int half = window / 2;
            return window - half + random.Next(half + 1);
        }
    }
}
