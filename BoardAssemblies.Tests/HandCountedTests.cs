namespace NanoDps.BoardAssemblies.Tests;

/// <summary>
/// Pins both computations on a source set counted by hand, so that a change in either shows.
/// </summary>
public class HandCountedTests
{
    private const string Source = """
        namespace Demo
        {
            public class Greeter
            {
                private string _name;

                public Greeter(string name) { _name = name; }

                public string Greet() { return "Grüße " + _name + "Greeter"; }
            }
        }
        """;

    /// <summary>
    /// By hand, as the Metadata Processor lays the table out (UTF-8 + NUL, each string once):
    /// "" 1, "Demo" 5, "Greeter" 8 (type name, and the literal "Greeter" shares it), "_name" 6, ".ctor" 6,
    /// "Greet" 6, "Grüße " 9 (ü and ß are two bytes each), "Concat" 7 (string + string + string),
    /// "String" 7, "System" 7, "Object" 7 (the base type, whose .ctor the constructor calls), "mscorlib" 9,
    /// "Hand" 5 (the assembly) = 83. The parameter name "name" is not in the table.
    /// </summary>
    public const int ByHand = 83;

    [Fact]
    public void TheCompiledAssemblyGivesTheHandCount()
    {
        var compilation = NanoCompilation.Create("Hand", [("Greeter.cs", Source)]);
        var image = NanoCompilation.TryEmit(compilation);
        Assert.NotNull(image);
        var table = CompiledAssemblyStrings.Measure(image);
        Assert.Equal(ByHand, table.Bytes);
        Assert.DoesNotContain("name", table.Strings);
    }

    /// <summary>The estimate counts ".cctor" (7) for every type whether or not it has one: 90.</summary>
    [Fact]
    public void TheEstimateGivesTheHandCountPlusAStaticConstructor()
    {
        var compilation = NanoCompilation.Create("Hand", [("Greeter.cs", Source)]);
        Assert.Equal(ByHand + ".cctor".Length + 1, SourceAssemblyStrings.Estimate(compilation, ["mscorlib"]).Bytes);
    }
}
