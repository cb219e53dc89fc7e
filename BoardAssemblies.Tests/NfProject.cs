using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NanoDps.BoardAssemblies.Tests;

/// <summary>
/// What a nanoFramework project (.nfproj) compiles into its assembly, read from the file as MSBuild would:
/// its AssemblyName, its Compile items (a path, a <c>*</c>/<c>**</c> wildcard, <c>..\</c> links into other
/// folders, Exclude and Remove), the assemblies it references (Reference items) and the projects it
/// references. A ProjectReference is another assembly: its sources are not part of this one.
/// </summary>
public sealed class NfProject
{
    private NfProject(string path, string assemblyName, string languageVersion, IReadOnlyList<string> sources,
        IReadOnlyList<string> references, IReadOnlyList<string> projectReferences)
    {
        Path = path;
        AssemblyName = assemblyName;
        LanguageVersion = languageVersion;
        Sources = sources;
        References = references;
        ProjectReferences = projectReferences;
    }

    public string Path { get; }
    public string AssemblyName { get; }
    public string LanguageVersion { get; }

    /// <summary>Full paths of the C# files compiled into this assembly, sorted.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Names of the referenced assemblies (Reference items), mscorlib included.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>Full paths of the referenced projects.</summary>
    public IReadOnlyList<string> ProjectReferences { get; }

    /// <summary>The same project without the sources that <paramref name="leaveOut"/> selects.</summary>
    public NfProject Without(Func<string, bool> leaveOut) =>
        new(Path, AssemblyName, LanguageVersion, Sources.Where(source => !leaveOut(source)).ToList(), References, ProjectReferences);

    public static NfProject Load(string path) => Parse(path, File.ReadAllText(path), File.Exists);

    /// <summary>Reads a project's text as if it were at <paramref name="path"/> (for a past revision).</summary>
    public static NfProject Parse(string path, string xml, Func<string, bool> fileExists, IEnumerable<string>? allFiles = null)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var root = XDocument.Parse(xml).Root ?? throw new InvalidDataException($"{path}: not an MSBuild project");
        var properties = root.Descendants().Where(element => element.Parent?.Name.LocalName == "PropertyGroup")
            .GroupBy(element => element.Name.LocalName)
            .ToDictionary(group => group.Key, group => group.Last().Value.Trim());
        var assemblyName = properties.GetValueOrDefault("AssemblyName")
            ?? System.IO.Path.GetFileNameWithoutExtension(path);

        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in Items(root, "Compile"))
        {
            var include = item.Attribute("Include")?.Value;
            var remove = item.Attribute("Remove")?.Value;
            var exclude = Expand(directory, item.Attribute("Exclude")?.Value, fileExists, allFiles).ToHashSet();
            foreach (var file in Expand(directory, include, fileExists, allFiles).Where(file => !exclude.Contains(file)))
            {
                sources.Add(file);
            }

            foreach (var file in Expand(directory, remove, fileExists, allFiles))
            {
                sources.Remove(file);
            }
        }

        var references = Items(root, "Reference")
            .Select(item => item.Attribute("Include")!.Value.Split(',')[0].Trim())
            .ToList();
        var projectReferences = Items(root, "ProjectReference")
            .Select(item => FullPath(directory, item.Attribute("Include")!.Value))
            .ToList();
        return new NfProject(path, assemblyName, properties.GetValueOrDefault("LangVersion") ?? "9.0",
            sources.ToList(), references, projectReferences);
    }

    private static IEnumerable<XElement> Items(XElement root, string kind) =>
        root.Descendants().Where(element => element.Name.LocalName == kind && element.Parent?.Name.LocalName == "ItemGroup");

    private static string FullPath(string directory, string relative) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, relative.Replace('\\', '/')));

    private static IEnumerable<string> Expand(string directory, string? patterns, Func<string, bool> fileExists, IEnumerable<string>? allFiles)
    {
        if (string.IsNullOrWhiteSpace(patterns))
        {
            yield break;
        }

        foreach (var pattern in patterns.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var full = FullPath(directory, pattern);
            if (!pattern.Contains('*') && !pattern.Contains('?'))
            {
                if (fileExists(full))
                {
                    yield return full;
                }

                continue;
            }

            // The folder before the first wildcard, then every file below it that matches.
            var firstWild = full.IndexOfAny(['*', '?']);
            var baseDirectory = full[..full.LastIndexOf('/', firstWild)];
            var regex = new Regex("^" + Regex.Escape(full)
                .Replace(@"\*\*/", "(.*/)?")
                .Replace(@"\*", "[^/]*")
                .Replace(@"\?", "[^/]") + "$");
            var candidates = allFiles ?? (Directory.Exists(baseDirectory)
                ? Directory.EnumerateFiles(baseDirectory, "*", SearchOption.AllDirectories)
                : []);
            foreach (var file in candidates.Where(file => file.StartsWith(baseDirectory + "/", StringComparison.Ordinal)))
            {
                if (regex.IsMatch(file) && !IsBuildOutput(file))
                {
                    yield return file;
                }
            }
        }
    }

    private static bool IsBuildOutput(string file) => file.Contains("/bin/") || file.Contains("/obj/");
}
