using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class BackoffTests
    {
        [TestMethod]
        [DataRow(3, 3000)]
        [DataRow(1, 2000)]
        [DataRow(0, 2000)]
        [DataRow(-1, 3000)]
        [DataRow(45, 45000)]
        [DataRow(100000, 300000)]
        public void PollDelay_HonoursRetryAfterWithin2sAnd300s(int retryAfter, int expected)
        {
            Assert.AreEqual(expected, new Backoff().PollDelayMilliseconds(retryAfter));
        }

        [TestMethod]
        [DataRow(1, 20000)]
        [DataRow(2, 40000)]
        [DataRow(3, 80000)]
        [DataRow(4, 95000)]
        [DataRow(5, 95000)]
        public void Window_DoublesFrom20sUpToThe95sCap(int failures, int expected)
        {
            Assert.AreEqual(expected, new Backoff().WindowMilliseconds(failures));
        }

        [TestMethod]
        [DataRow(6, 102500)]
        [DataRow(7, 110000)]
        [DataRow(10, 132500)]
        [DataRow(20, 207500)]
        [DataRow(32, 297500)]
        public void Window_GrowsBy7500msWithEachFailureAfterTheFifth(int failures, int expected)
        {
            Assert.AreEqual(expected, new Backoff().WindowMilliseconds(failures));
        }

        [TestMethod]
        [DataRow(33)]
        [DataRow(40)]
        [DataRow(100000)]
        [DataRow(int.MaxValue)]
        public void Window_NeverPassesTheLargestWindowOf300s(int failures)
        {
            Assert.AreEqual(300000, new Backoff().WindowMilliseconds(failures));
        }

        [TestMethod]
        public void Window_WithoutGrowthStaysAtTheCap()
        {
            Backoff backoff = new Backoff();
            backoff.CapGrowthAfterFailures = 0;
            Assert.AreEqual(95000, backoff.WindowMilliseconds(6));
            Assert.AreEqual(95000, backoff.WindowMilliseconds(1000));
            Assert.AreEqual(75, backoff.JitterPercentAfter(1000), "no growth, no late jitter");
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(4)]
        [DataRow(5)]
        public void RetryDelay_SpansTheTopThreeQuartersOfTheWindowUntilItGrows(int failures)
        {
            Backoff backoff = new Backoff();
            int window = backoff.WindowMilliseconds(failures);
            Assert.AreEqual(75, backoff.JitterPercentAfter(failures));
            Assert.AreEqual(window / 4, backoff.RetryDelayMilliseconds(failures, -1, new SequenceRandom(0)), "lowest draw");
            Assert.AreEqual(window, backoff.RetryDelayMilliseconds(failures, -1, new SequenceRandom(1000)), "highest draw");
            int middle = backoff.RetryDelayMilliseconds(failures, -1, new SequenceRandom(500));
            Assert.IsTrue(middle > window / 4 && middle < window, "a middle draw lies inside the range");
        }

        [TestMethod]
        [DataRow(6, 56375)]
        [DataRow(7, 60500)]
        [DataRow(40, 165000)]
        public void RetryDelay_SpansTheTop45PercentOnceTheWindowGrows(int failures, int lowest)
        {
            Backoff backoff = new Backoff();
            int window = backoff.WindowMilliseconds(failures);
            Assert.AreEqual(45, backoff.JitterPercentAfter(failures));
            Assert.AreEqual(lowest, backoff.RetryDelayMilliseconds(failures, -1, new SequenceRandom(0)), "lowest draw: 55% of the window");
            Assert.AreEqual(window, backoff.RetryDelayMilliseconds(failures, -1, new SequenceRandom(1000)), "highest draw");
        }

        [TestMethod]
        public void RetryDelay_FullJitterReachesDownToTheFloor()
        {
            Backoff backoff = new Backoff();
            backoff.JitterPercent = 100;
            Assert.AreEqual(2000, backoff.RetryDelayMilliseconds(3, -1, new SequenceRandom(0)));
            Assert.AreEqual(80000, backoff.RetryDelayMilliseconds(3, -1, new SequenceRandom(1000)));
        }

        [TestMethod]
        public void RetryDelay_NeverShorterThanRetryAfter()
        {
            Backoff backoff = new Backoff();
            Assert.AreEqual(60000, backoff.RetryDelayMilliseconds(1, 60, new SequenceRandom(0)));
            Assert.AreEqual(60000 + 15000, backoff.RetryDelayMilliseconds(1, 60, new SequenceRandom(1000)), "jitter is added above a long Retry-After");
            Assert.AreEqual(20000, backoff.RetryDelayMilliseconds(1, 3, new SequenceRandom(1000)), "a short Retry-After changes nothing");
            Assert.AreEqual(300000, backoff.RetryDelayMilliseconds(1, 9999, new SequenceRandom(0)), "Retry-After is clamped to 300 s");
            Assert.AreEqual(90000 + 46125, backoff.RetryDelayMilliseconds(6, 90, new SequenceRandom(1000)), "above the grown window's bottom too");
        }

        [TestMethod]
        public void RetryDelay_DoesNotOverflowAfterManyFailures()
        {
            Backoff backoff = new Backoff();
            backoff.CapWindowMilliseconds = int.MaxValue;
            backoff.MaxWindowMilliseconds = int.MaxValue;
            backoff.CapGrowthMilliseconds = int.MaxValue;
            Assert.IsTrue(backoff.WindowMilliseconds(1000) > 0);
            Assert.IsTrue(backoff.WindowMilliseconds(int.MaxValue) > 0);
            Assert.IsTrue(backoff.RetryDelayMilliseconds(1000, -1, new SequenceRandom(1000)) > 0);
            Assert.IsTrue(backoff.RetryDelayMilliseconds(int.MaxValue, 300, new SequenceRandom(1000)) > 0);
        }
    }
}
