namespace NanoDps.Provisioning
{
    /// <summary>
    /// Two numbers the board keeps across boots and deep sleeps (the ESP32's managed API has no RTC
    /// memory): the boots since the counter file was created, and the failed boots in a row that
    /// <see cref="RetrySchedule"/> grows its sleep with. Stored as a <see cref="DurableFile"/>:
    /// <code>
    /// boots=12
    /// failedInARow=3
    /// </code>
    /// A missing or unreadable file counts from zero.
    /// </summary>
    public sealed class BootCounter
    {
        /// <summary>File name of the counter.</summary>
        public const string FileName = "nanodps.boot";

        private const string BootsKey = "boots=";
        private const string FailedKey = "failedInARow=";

        private readonly DurableFile _file;

        /// <summary>A counter on <paramref name="flash"/>, at zero until <see cref="Load"/>.</summary>
        public BootCounter(IFlashStore flash)
        {
            _file = new DurableFile(flash, FileName, new CounterFormat());
        }

        /// <summary>Boots counted so far, this one included once <see cref="CountThisBoot"/> ran.</summary>
        public long Boots { get; private set; }

        /// <summary>Failed boots in a row before this one (after <see cref="CountFailure"/>: including it).</summary>
        public int FailedInARow { get; private set; }

        /// <summary>Reads the counts from flash (a missing or unreadable file leaves them at zero).</summary>
        public BootCounter Load()
        {
            long[] values = Parse(_file.Load());
            if (values != null)
            {
                Boots = values[0];
                FailedInARow = (int)values[1];
            }

            return this;
        }

        /// <summary>Counts this boot and stores the count.</summary>
        public void CountThisBoot()
        {
            Boots++;
            Store();
        }

        /// <summary>Counts this boot as failed and stores the count; returns the failed boots in a row.</summary>
        public int CountFailure()
        {
            FailedInARow++;
            Store();
            return FailedInARow;
        }

        /// <summary>Forgets the failed boots once a boot ends with a working assignment (writes only when there were any).</summary>
        public void Succeeded()
        {
            if (FailedInARow == 0)
            {
                return;
            }

            FailedInARow = 0;
            Store();
        }

        private void Store()
        {
            _file.Save(BootsKey + Boots.ToString() + "\n" + FailedKey + FailedInARow.ToString() + "\n");
        }

        private static long[] Parse(string text)
        {
            string[] lines = text == null ? new string[0] : text.Split('\n');
            if (lines.Length != 3 || lines[2].Length != 0 || !lines[0].StartsWith(BootsKey) || !lines[1].StartsWith(FailedKey))
            {
                return null;
            }

            long boots;
            long failed;
            if (!long.TryParse(lines[0].Substring(BootsKey.Length), out boots) || !long.TryParse(lines[1].Substring(FailedKey.Length), out failed)
                || boots < 0 || failed < 0 || failed > 1000000)
            {
                return null;
            }

            return new long[] { boots, failed };
        }

        private sealed class CounterFormat : IFileFormat
        {
            public bool IsWhole(string text)
            {
                return Parse(text) != null;
            }
        }
    }
}
