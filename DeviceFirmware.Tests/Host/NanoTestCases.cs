using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using nanoFramework.TestFramework;
using Xunit;

namespace DeviceFirmware.Tests.Host
{
    /// <summary>
    /// The bridge from nanoFramework.TestFramework to xunit: every [TestMethod] of every [TestClass]
    /// in this assembly, and every [DataRow] of it, is one xunit test case
    /// Run(testClass, testMethod, dataRow) (dataRow -1 for a method without rows). [Setup] runs once per class before its first
    /// case; [Cleanup] when the run ends. A failed assertion fails the case with its message.
    /// </summary>
    public sealed class NanoTestCases : IClassFixture<NanoTestCases.ClassLifetime>
    {
        public static IEnumerable<object[]> All()
        {
            foreach (Type type in TestClasses())
            {
                foreach (MethodInfo method in type.GetMethods().Where(m => m.GetCustomAttribute<TestMethodAttribute>() != null))
                {
                    DataRowAttribute[] rows = method.GetCustomAttributes<DataRowAttribute>().ToArray();
                    if (rows.Length == 0)
                    {
                        yield return new object[] { type.Name, method.Name, -1 };
                    }

                    for (int i = 0; i < rows.Length; i++)
                    {
                        yield return new object[] { type.Name, method.Name, i };
                    }
                }
            }
        }

        [SkippableTheory]
        [MemberData(nameof(All))]
        public void Run(string testClass, string testMethod, int dataRow)
        {
            Type type = TestClasses().Single(t => t.Name == testClass);
            MethodInfo method = type.GetMethod(testMethod);
            int row = dataRow;
            object[] args = row < 0 ? null : method.GetCustomAttributes<DataRowAttribute>().ElementAt(row).MethodParameters;
            try
            {
                ClassLifetime.EnsureSetup(type);
                method.Invoke(method.IsStatic ? null : ClassLifetime.Instance(type), args);
            }
            catch (TargetInvocationException e) when (e.InnerException is SkipTestException skip)
            {
                throw new SkipException(skip.Message);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }

        private static IEnumerable<Type> TestClasses() =>
            typeof(NanoTestCases).Assembly.GetTypes().Where(t => t.GetCustomAttribute<TestClassAttribute>() != null).OrderBy(t => t.Name);

        /// <summary>Runs each class's [Setup] once and its [Cleanup] at the end of the run.</summary>
        public sealed class ClassLifetime : IDisposable
        {
            private static readonly ConcurrentDictionary<Type, object> Instances = new ConcurrentDictionary<Type, object>();

            public static object Instance(Type type) => Instances.GetOrAdd(type, t => t.IsAbstract ? null : Activator.CreateInstance(t));

            public static void EnsureSetup(Type type)
            {
                lock (Instances)
                {
                    if (Instances.ContainsKey(type))
                    {
                        return;
                    }

                    object instance = Instance(type);
                    foreach (MethodInfo setup in type.GetMethods().Where(m => m.GetCustomAttribute<SetupAttribute>() != null))
                    {
                        setup.Invoke(setup.IsStatic ? null : instance, null);
                    }
                }
            }

            public void Dispose()
            {
                foreach (KeyValuePair<Type, object> pair in Instances)
                {
                    foreach (MethodInfo cleanup in pair.Key.GetMethods().Where(m => m.GetCustomAttribute<CleanupAttribute>() != null))
                    {
                        cleanup.Invoke(cleanup.IsStatic ? null : pair.Value, null);
                    }
                }
            }
        }
    }
}
