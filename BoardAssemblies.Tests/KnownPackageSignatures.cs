namespace NanoDps.BoardAssemblies.Tests;

/// <summary>
/// Facts about the signatures of packages CI cannot restore, where the string table depends on them.
/// </summary>
public static class KnownPackageSignatures
{
    /// <summary>
    /// nanoFramework.TestFramework 3.0.80 (read at nanoframework/nanoFramework.TestFramework @d4fa55e = 3.0.78,
    /// source/TestFramework/Assert.cs:26-273, Assert.AreEqual.cs:21-233, Assert.AreNotEqual.cs): the Assert
    /// methods whose last parameter is <c>[CallerArgumentExpression(nameof(x))] string message = ""</c>: the
    /// index of the argument x and how many arguments come before message. A call that leaves message out
    /// stores x's source text as a string literal. CollectionAssert and the other Assert methods have none.
    /// </summary>
    private static readonly Dictionary<string, (int Named, int Positional)> AssertCallerArgument = new(StringComparer.Ordinal)
    {
        ["AreEqual"] = (1, 2),
        ["AreNotEqual"] = (1, 2),
        ["AreSame"] = (1, 2),
        ["AreNotSame"] = (1, 2),
        ["Contains"] = (1, 2),
        ["DoesNotContains"] = (1, 2),
        ["EndsWith"] = (1, 2),
        ["StartsWith"] = (1, 2),
        ["IsInstanceOfType"] = (0, 2),
        ["IsNotInstanceOfType"] = (0, 2),
        ["IsTrue"] = (0, 1),
        ["IsFalse"] = (0, 1),
        ["IsNull"] = (0, 1),
        ["IsNotNull"] = (0, 1),
        ["ThrowsException"] = (1, 2),
    };

    private static readonly HashSet<string> AssertTypes = new(StringComparer.Ordinal)
    {
        "Assert", "nanoFramework.TestFramework.Assert", "CollectionAssert", "nanoFramework.TestFramework.CollectionAssert",
    };

    /// <summary>
    /// For a call <c>receiver.method(arguments)</c> that does not bind: the index of the argument whose text the
    /// call stores, -1 when it stores none, or null when the method is not one of these (then every argument
    /// may be one).
    /// </summary>
    public static int? CallerArgument(string receiver, string method, int argumentCount)
    {
        if (!AssertTypes.Contains(receiver))
        {
            return null;
        }

        if (receiver.EndsWith("CollectionAssert", StringComparison.Ordinal) || !AssertCallerArgument.TryGetValue(method, out var signature))
        {
            return -1;
        }

        return argumentCount == signature.Positional ? signature.Named : -1;
    }
}
