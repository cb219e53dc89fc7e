using Xunit.Abstractions;

namespace NanoDps.BoardAssemblies.Tests;

/// <summary>
/// Where sources compile here, the estimate from sources must never be below the figure read from the
/// compiled assembly: on the provisioning core and on code the compiler rewrites (closures, lambdas, local
/// functions, array data, string switches, auto-properties, events, iterators-free nanoFramework C# 9).
/// </summary>
public class EstimateCoversCompiledTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Snippets => new()
    {
        { "closures", """
            using System;
            namespace S { public delegate int Op(int x);
              public class C { private int _k = 3; public static readonly Op Twice = x => x * 2;
                public Op Adder(int n) { int m = n + 1; return x => x + m + _k; }
                public int Local(int a) { int Square(int v) => v * v; return Square(a) + Twice(a); }
                public void Run(ArgumentException e) { Action a = delegate { throw e; }; a(); } } }
            """ },
        { "array data and string switch", """
            namespace S { public static class D {
              public static readonly byte[] Key = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 };
              public static int[] Small() { return new[] { 7, 8 }; }
              public static int Code(string s) { switch (s) { case "alpha": return 1; case "beta": return 2; case "gamma": return 3;
                case "delta": return 4; case "epsilon": return 5; case "zeta": return 6; case "eta": return 7; case "theta": return 8; default: return 0; } } } }
            """ },
        { "properties, events, interfaces, enums", """
            using System;
            namespace S { public enum Kind { None, Some = 4 }
              public interface IClock { DateTime UtcNow { get; } }
              public class Clock : IClock { DateTime IClock.UtcNow => DateTime.UtcNow; public Kind Kind { get; set; } = Kind.Some;
                public event EventHandler Ticked; public void Tick() { Ticked?.Invoke(this, EventArgs.Empty); }
                public class Nested { public const string Name = "nested" + "-name"; public string Text => Name + nameof(Tick); } } }
            """ },
        { "strings, foreach, lock, using, typeof", """
            using System; using System.Collections;
            namespace S { [AttributeUsage(AttributeTargets.All)] public class NoteAttribute : Attribute { public NoteAttribute(string t) { } public Type Of { get; set; } }
              [Note("on a type", Of = typeof(Walker))] public class Walker : IDisposable {
                private readonly object _gate = new object();
                public string Join(ArrayList items, int n) { string all = ""; lock (_gate) { foreach (object item in items) { all += item + ","; } }
                  using (var w = new Walker()) { } return $"{n} items: {all}" + $"{all}{all}" + $"{n,5:X4}|{{x}}"; }
                public void Dispose() { } } }
            """ },
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public void TheEstimateCoversTheCompiledFigure(string name, string source)
    {
        var compilation = NanoCompilation.Create("Snippet", [(name + ".cs", source)]);
        var image = NanoCompilation.TryEmit(compilation);
        Assert.True(image is not null, string.Join("\n", compilation.GetDiagnostics()));
        var compiled = CompiledAssemblyStrings.Measure(image);
        var estimated = SourceAssemblyStrings.Estimate(compilation, ["mscorlib"]);
        output.WriteLine($"{name}: compiled {compiled.Bytes}, estimated {estimated.Bytes}");
        var missing = compiled.Strings.Where(text => !estimated.Strings.Contains(text)).ToList();
        output.WriteLine("compiled strings the estimate names differently: " + string.Join(" | ", missing));
        Assert.True(estimated.Bytes >= compiled.Bytes, $"{name}: estimated {estimated.Bytes} < compiled {compiled.Bytes}");
    }

    /// <summary>
    /// The provisioning core as ProvisioningCore.Nano compiles it (DeviceFirmware/Provisioning/**): compiled
    /// here and as the SDK builds it, both read the same; the estimate from its sources covers it.
    /// </summary>
    [Fact]
    public void TheEstimateCoversTheCompiledCore()
    {
        var tree = SourceTree.Working(SourceTree.RepositoryRoot());
        var project = tree.LoadProject(System.IO.Path.Combine(tree.Root, "ProvisioningCore.Nano", "ProvisioningCore.Nano.csproj"));
        Assert.Equal("NanoDps.Provisioning", project.AssemblyName);
        var compilation = NanoCompilation.Create(project.AssemblyName, project.Sources.Select(source => (source, tree.ReadText(source))));
        var image = NanoCompilation.TryEmit(compilation);
        Assert.True(image is not null, string.Join("\n", compilation.GetDiagnostics().Take(5)));
        var compiled = CompiledAssemblyStrings.Measure(image).Bytes;
        var estimated = SourceAssemblyStrings.Estimate(compilation, ["mscorlib"]).Bytes;

        // The same figure from the assembly ProvisioningCore.Nano builds with the SDK (other compile options,
        // other assembly attributes, none of which reach the string table).
        var built = typeof(EstimateCoversCompiledTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "ProvisioningCoreNano").Value!;
        Assert.Equal(compiled, CompiledAssemblyStrings.Measure(File.ReadAllBytes(built)).Bytes);
        output.WriteLine($"NanoDps.Provisioning ({project.Sources.Count} files): compiled {compiled:N0}, estimated {estimated:N0} ({100.0 * (estimated - compiled) / compiled:+0.0}%)");
        // Never below; at most a quarter above: each lambda's generated method and cache field names are
        // counted at their longest (the core's device.json field table has 28 of them).
        Assert.InRange(estimated, compiled, compiled * 1.25);
    }
}
