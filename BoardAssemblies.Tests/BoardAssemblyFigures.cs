using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NanoDps.BoardAssemblies.Tests;

/// <summary>One board assembly's string-table figure.</summary>
/// <param name="Compiled">True when the project compiled here and its figure was read from the compiled
/// assembly; false when a package is missing and the figure is the sources' over-estimate.</param>
public sealed record AssemblyFigure(string Project, string AssemblyName, int SourceCount, int Bytes, bool Compiled)
{
    public override string ToString() =>
        $"{AssemblyName} ({Project}, {SourceCount} files): {Bytes:N0} bytes, {100.0 * Bytes / StringTable.NanoClrLimit:F1}% of nanoCLR's {StringTable.NanoClrLimit:N0}"
        + (Compiled ? " (compiled here)" : " (estimated from sources: a package is missing here)");
}

/// <summary>
/// Figures for the .nfproj projects of a tree: each compiled as its project compiles it, its referenced
/// projects compiled the same way and referenced as assemblies (their sources are not part of it).
/// </summary>
public sealed class BoardAssemblyFigures(SourceTree tree)
{
    private readonly Dictionary<string, CSharpCompilation> _compilations = new(StringComparer.Ordinal);

    public IReadOnlyList<AssemblyFigure> MeasureAll() =>
        tree.NfProjects.Select(path => Measure(tree.LoadProject(path))).ToList();

    public AssemblyFigure Measure(NfProject project)
    {
        var compilation = Compile(project);
        var image = NanoCompilation.TryEmit(compilation);
        var table = image is not null
            ? CompiledAssemblyStrings.Measure(image)
            : SourceAssemblyStrings.Estimate(compilation, project.References.Concat(ReferencedAssemblyNames(project)).ToList());
        return new AssemblyFigure(tree.Relative(project.Path), project.AssemblyName, project.Sources.Count, table.Bytes, image is not null);
    }

    private IEnumerable<string> ReferencedAssemblyNames(NfProject project) =>
        project.ProjectReferences.Select(path => tree.LoadProject(path).AssemblyName);

    private CSharpCompilation Compile(NfProject project)
    {
        var key = project.Path + "|" + string.Join("|", project.Sources);
        if (!_compilations.TryGetValue(key, out var compilation))
        {
            var references = project.ProjectReferences
                .Select(path => (MetadataReference)Compile(tree.LoadProject(path)).ToMetadataReference())
                .ToList();
            compilation = NanoCompilation.Create(project.AssemblyName,
                project.Sources.Select(source => (source, tree.ReadText(source))), references, project.LanguageVersion);
            _compilations[key] = compilation;
        }

        return compilation;
    }
}
