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
        [DataRow(1, 24000)]
        [DataRow(2, 48000)]
        [DataRow(3, 96000)]
        [DataRow(4, 130000)]
        [DataRow(40, 130000)]
        public void Window_DoublesUpToTheCap(int failures, int expected)
        {
            Assert.AreEqual(expected, new Backoff().WindowMilliseconds(failures));
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(5)]
        public void RetryDelay_SpansTheTopThreeQuartersOfTheWindow(int failures)
        {
            Backoff backoff = new Backoff();
            int window = backoff.WindowMilliseconds(failures);
            Assert.AreEqual(window / 4, backoff.RetryDelayMilliseconds(failures, -1, new SequenceRandom(0)), "lowest draw");
            Assert.AreEqual(window, backoff.RetryDelayMilliseconds(failures, -1, new SequenceRandom(1000)), "highest draw");
            int middle = backoff.RetryDelayMilliseconds(failures, -1, new SequenceRandom(500));
            Assert.IsTrue(middle > window / 4 && middle < window, "a middle draw lies inside the range");
        }

        [TestMethod]
        public void RetryDelay_FullJitterReachesDownToTheFloor()
        {
            Backoff backoff = new Backoff();
            backoff.JitterPercent = 100;
            Assert.AreEqual(2000, backoff.RetryDelayMilliseconds(3, -1, new SequenceRandom(0)));
            Assert.AreEqual(96000, backoff.RetryDelayMilliseconds(3, -1, new SequenceRandom(1000)));
        }

        [TestMethod]
        public void RetryDelay_NeverShorterThanRetryAfter()
        {
            Backoff backoff = new Backoff();
            Assert.AreEqual(60000, backoff.RetryDelayMilliseconds(1, 60, new SequenceRandom(0)));
            Assert.AreEqual(60000 + 18000, backoff.RetryDelayMilliseconds(1, 60, new SequenceRandom(1000)), "jitter is added above a long Retry-After");
            Assert.AreEqual(24000, backoff.RetryDelayMilliseconds(1, 3, new SequenceRandom(1000)), "a short Retry-After changes nothing");
            Assert.AreEqual(300000, backoff.RetryDelayMilliseconds(1, 9999, new SequenceRandom(0)), "Retry-After is clamped to 300 s");
        }

        [TestMethod]
        public void RetryDelay_DoesNotOverflowAfterManyFailures()
        {
            Backoff backoff = new Backoff();
            backoff.MaxWindowMilliseconds = int.MaxValue;
            Assert.IsTrue(backoff.WindowMilliseconds(1000) > 0);
            Assert.IsTrue(backoff.RetryDelayMilliseconds(1000, -1, new SequenceRandom(1000)) > 0);
        }
    }
}
