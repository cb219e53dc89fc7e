using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>The sleep after failed boots grows from minutes to hours and stays inside the upper half of its window.</summary>
    [TestClass]
    public class RetryScheduleTests
    {
        [TestMethod]
        [DataRow(1, 300)]
        [DataRow(2, 600)]
        [DataRow(7, 19200)]
        [DataRow(8, 21600)]
        [DataRow(100000, 21600)]
        public void Window_DoublesFromFiveMinutesToSixHours(int failedBoots, int expected)
        {
            Assert.AreEqual(expected, RetrySchedule.WindowSeconds(failedBoots));
        }

        [TestMethod]
        public void Delay_IsDrawnFromTheUpperHalfOfTheWindow()
        {
            Assert.AreEqual(150, RetrySchedule.DelaySeconds(1, new SequenceRandom(0)));
            Assert.AreEqual(300, RetrySchedule.DelaySeconds(1, new SequenceRandom(1000)));
            Assert.AreEqual(10800, RetrySchedule.DelaySeconds(50, new SequenceRandom(0)));
            Assert.AreEqual(21600, RetrySchedule.DelaySeconds(50, new SequenceRandom(1000)));
        }
    }
}
