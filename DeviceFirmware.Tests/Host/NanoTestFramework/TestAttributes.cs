using System;

// The attribute surface of nanoFramework.TestFramework 3.x, so the device test files compile on .NET.
namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class that holds tests.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class TestClassAttribute : Attribute
    {
    }

    /// <summary>Marks a test method (public static or instance void, no parameters unless DataRow).</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestMethodAttribute : Attribute
    {
    }

    /// <summary>Runs once for the class, before its first test.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class SetupAttribute : Attribute
    {
    }

    /// <summary>Runs once for the class, after its tests.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class CleanupAttribute : Attribute
    {
    }

    /// <summary>One set of arguments for a data-driven test.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class DataRowAttribute : Attribute
    {
        /// <summary>Creates a row.</summary>
        public DataRowAttribute(params object[] methodParameters)
        {
            if (methodParameters == null || methodParameters.Length == 0)
            {
                throw new ArgumentException("a DataRow needs at least one parameter");
            }

            MethodParameters = methodParameters;
        }

        /// <summary>The arguments.</summary>
        public object[] MethodParameters { get; }
    }
}
