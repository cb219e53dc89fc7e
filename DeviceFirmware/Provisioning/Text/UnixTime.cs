namespace NanoDps.Provisioning
{
    /// <summary>
    /// Unix seconds as the log shows them, "2026-11-28 17:19:58 UTC", computed with integer
    /// arithmetic (the proleptic Gregorian calendar), so the core needs neither DateTime nor a clock.
    /// </summary>
    public static class UnixTime
    {
        private const long SecondsPerDay = 86400;

        /// <summary>"yyyy-MM-dd HH:mm:ss UTC" of <paramref name="unixSeconds"/>.</summary>
        public static string Format(long unixSeconds)
        {
            long days = unixSeconds / SecondsPerDay;
            long second = unixSeconds % SecondsPerDay;
            if (second < 0)
            {
                days--;
                second += SecondsPerDay;
            }

            // Days since 1970-01-01 to year, month, day: eras of 400 years starting on 0000-03-01.
            long z = days + 719468;
            long era = (z >= 0 ? z : z - 146096) / 146097;
            long dayOfEra = z - (era * 146097);
            long yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
            long dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
            long monthFromMarch = ((5 * dayOfYear) + 2) / 153;
            long day = dayOfYear - (((153 * monthFromMarch) + 2) / 5) + 1;
            long month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
            long year = (yearOfEra + (era * 400)) + (month <= 2 ? 1 : 0);
            return Pad(year, 4) + "-" + Pad(month, 2) + "-" + Pad(day, 2) + " "
                + Pad(second / 3600, 2) + ":" + Pad((second / 60) % 60, 2) + ":" + Pad(second % 60, 2) + " UTC";
        }

        private static string Pad(long value, int width)
        {
            string text = value.ToString();
            while (text.Length < width)
            {
                text = "0" + text;
            }

            return text;
        }
    }
}
