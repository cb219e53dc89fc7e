using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NanoDps.BoardAssemblies.Tests;

/// <summary>
/// Compiles C# sources as a .nfproj build does: C# 9 (or the project's LangVersion), NANOFRAMEWORK_1_0
/// defined, against nanoFramework's mscorlib 1.17.11 (the one nanoFramework package CI can restore) and
/// the referenced projects, each compiled the same way. DEBUG is defined too, so that code kept only in
/// Debug builds (Debug.WriteLine is [Conditional("DEBUG")]) is counted.
/// </summary>
public static class NanoCompilation
{
    private static readonly Lazy<MetadataReference> Mscorlib = new(() =>
        MetadataReference.CreateFromFile(System.IO.Path.Combine(AppContext.BaseDirectory, "nano", "mscorlib.dll")));

    public static CSharpCompilation Create(string assemblyName, IEnumerable<(string Path, string Text)> sources,
        IEnumerable<MetadataReference>? references = null, string languageVersion = "9.0")
    {
        if (!LanguageVersionFacts.TryParse(languageVersion, out var version))
        {
            throw new ArgumentException($"{assemblyName}: LangVersion '{languageVersion}' is not a C# version");
        }

        var options = new CSharpParseOptions(version, preprocessorSymbols: ["NANOFRAMEWORK_1_0", "DEBUG", "TRACE"]);
        var trees = sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, options, source.Path));
        return CSharpCompilation.Create(assemblyName, trees,
            new[] { Mscorlib.Value }.Concat(references ?? []),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Debug));
    }

    /// <summary>The compiled image, or null when the sources do not compile here (a package is missing).</summary>
    public static byte[]? TryEmit(CSharpCompilation compilation)
    {
        using var stream = new MemoryStream();
        return compilation.Emit(stream).Success ? stream.ToArray() : null;
    }
}
