using System;
using System.Collections;

// The assertion surface of nanoFramework.TestFramework 3.x that the device tests use, with the
// same argument order (expected, actual, message) and the same failure semantics (an exception).
namespace nanoFramework.TestFramework
{
    /// <summary>Thrown when an assertion fails.</summary>
    public sealed class AssertFailedException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public AssertFailedException(string message)
            : base(message)
        {
        }
    }

    /// <summary>Thrown by <see cref="Assert.SkipTest"/>.</summary>
    public sealed class SkipTestException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public SkipTestException(string message)
            : base(message)
        {
        }
    }

    /// <summary>Assertions.</summary>
    public static class Assert
    {
        public static void AreEqual(int expected, int actual, string message = "") => Equal(expected == actual, expected, actual, message);

        public static void AreEqual(long expected, long actual, string message = "") => Equal(expected == actual, expected, actual, message);

        public static void AreEqual(uint expected, uint actual, string message = "") => Equal(expected == actual, expected, actual, message);

        public static void AreEqual(bool expected, bool actual, string message = "") => Equal(expected == actual, expected, actual, message);

        public static void AreEqual(string expected, string actual, string message = "") => Equal(expected == actual, expected, actual, message);

        public static void AreEqual(object expected, object actual, string message = "") => Equal(Equals(expected, actual), expected, actual, message);

        public static void AreNotEqual(int notExpected, int actual, string message = "") => NotEqual(notExpected != actual, actual, message);

        public static void AreNotEqual(long notExpected, long actual, string message = "") => NotEqual(notExpected != actual, actual, message);

        public static void AreNotEqual(string notExpected, string actual, string message = "") => NotEqual(notExpected != actual, actual, message);

        public static void AreNotEqual(object notExpected, object actual, string message = "") => NotEqual(!Equals(notExpected, actual), actual, message);

        public static void IsTrue(bool condition, string message = "") => Check(condition, "Assert.IsTrue failed. " + message);

        public static void IsFalse(bool condition, string message = "") => Check(!condition, "Assert.IsFalse failed. " + message);

        public static void IsNull(object value, string message = "") => Check(value == null, "Assert.IsNull failed: <" + value + ">. " + message);

        public static void IsNotNull(object value, string message = "") => Check(value != null, "Assert.IsNotNull failed. " + message);

        public static void AreSame(object expected, object actual, string message = "") => Check(ReferenceEquals(expected, actual), "Assert.AreSame failed. " + message);

        public static void IsInstanceOfType(object value, Type expectedType, string message = "") =>
            Check(value != null && expectedType.IsInstanceOfType(value), "Assert.IsInstanceOfType failed: " + value?.GetType() + " is not " + expectedType + ". " + message);

        public static void Contains(string substring, string value, string message = "") =>
            Check(value != null && substring != null && value.Contains(substring, StringComparison.Ordinal), "String '" + value + "' does not contain string '" + substring + "'. " + message);

        public static void StartsWith(string substring, string value, string message = "") =>
            Check(value != null && substring != null && value.StartsWith(substring, StringComparison.Ordinal), "String '" + value + "' does not start with '" + substring + "'. " + message);

        public static void EndsWith(string substring, string value, string message = "") =>
            Check(value != null && substring != null && value.EndsWith(substring, StringComparison.Ordinal), "String '" + value + "' does not end with '" + substring + "'. " + message);

        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                Check(exceptionType.IsInstanceOfType(e), "Assert.ThrowsException failed: threw " + e.GetType() + ", expected " + exceptionType + ". " + message);
                return;
            }

            throw new AssertFailedException("Assert.ThrowsException failed: nothing was thrown, expected " + exceptionType + ". " + message);
        }

        public static void SkipTest(string message = "") => throw new SkipTestException(message);

        public static void Fail(string message = "") => throw new AssertFailedException("Assert.Fail. " + message);

        private static void Equal(bool equal, object expected, object actual, string message) =>
            Check(equal, "Assert.AreEqual failed. Expected:<" + expected + ">. Actual:<" + actual + ">. " + message);

        private static void NotEqual(bool differ, object actual, string message) =>
            Check(differ, "Assert.AreNotEqual failed. Both are:<" + actual + ">. " + message);

        private static void Check(bool condition, string failure)
        {
            if (!condition)
            {
                throw new AssertFailedException(failure);
            }
        }
    }

    /// <summary>Assertions on collections.</summary>
    public static class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            if (expected.Count != actual.Count)
            {
                throw new AssertFailedException("CollectionAssert.AreEqual failed: " + expected.Count + " elements expected, " + actual.Count + " found. " + message);
            }

            IEnumerator e = expected.GetEnumerator();
            IEnumerator a = actual.GetEnumerator();
            for (int i = 0; e.MoveNext() && a.MoveNext(); i++)
            {
                if (!Equals(e.Current, a.Current))
                {
                    throw new AssertFailedException("CollectionAssert.AreEqual failed at index " + i + ": <" + e.Current + "> expected, <" + a.Current + "> found. " + message);
                }
            }
        }

        public static void Empty(ICollection collection, string message = "")
        {
            if (collection.Count != 0)
            {
                throw new AssertFailedException("CollectionAssert.Empty failed: " + collection.Count + " elements. " + message);
            }
        }

        public static void NotEmpty(ICollection collection, string message = "")
        {
            if (collection.Count == 0)
            {
                throw new AssertFailedException("CollectionAssert.NotEmpty failed. " + message);
            }
        }
    }

    /// <summary>Test output.</summary>
    public static class OutputHelper
    {
        public static void WriteLine(string message) => Console.WriteLine(message);
    }
}
