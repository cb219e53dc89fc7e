using System.Collections;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>The board's wake cause as set by the test; deep sleeps and restarts recorded instead of done.</summary>
    public sealed class FakePower : IPowerControl
    {
        public FakePower()
        {
            Sleeps = new ArrayList();
        }

        public bool WokeFromRetrySleep { get; set; }

        /// <summary>Every deep sleep asked for, in seconds (int).</summary>
        public ArrayList Sleeps { get; }

        public int Restarts { get; private set; }

        public void DeepSleep(int seconds)
        {
            Sleeps.Add(seconds);
        }

        public void Restart()
        {
            Restarts++;
        }
    }
}
