using System.Xml.Linq;
using NanoDps.VirtualDevice.Image;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// DeviceFirmware/native-assemblies.json, every packages.config and every .nfproj's package references agree: one
/// version per package in the whole repository; each Reference's HintPath is
/// <c>&lt;folder of nanoDps.sln&gt;/packages/&lt;id&gt;.&lt;version&gt;/lib/&lt;assembly&gt;.dll</c> (relative to its project) for a package in
/// the project's own packages.config, and its Include identity names that assembly at that version; every package
/// is classified in native-assemblies.json (with its native assembly, or as having no native code) at the same
/// version. Projects and packages.config files are found wherever they are (outside bin, obj and packages), so the
/// check follows the projects when they move.
/// </summary>
public sealed class PackagePinTests : IDisposable
{
    private readonly TempFolder _copy = new();

    /// <summary>The folder of nanoDps.sln, found upwards from the test's output folder.</summary>
    public static string SolutionFolder { get; } = FindSolutionFolder();

    public void Dispose() => _copy.Dispose();

    [Fact]
    public void The_repository_agrees()
    {
        PinSet set = PinSet.Read(SolutionFolder);

        Assert.NotEmpty(set.Projects);
        Assert.NotEmpty(set.Configs);
        Assert.Contains(set.Projects, p => p.References.Any(r => r.HintPath.Contains(@"packages\nanoFramework.CoreLibrary.", StringComparison.Ordinal)));
        AssertAgrees(set);
    }

    public static TheoryData<string, string> Mismatches => new()
    {
        // what is changed, in the copy of the repository's files           the problem it must produce (a part of it)
        { "packages.config: System.Net 1.11.60 -> 1.11.61", "pins nanoFramework.System.Net 1.11.61" },
        { "one of two packages.config: System.Text 1.3.42 -> 1.3.43", "nanoFramework.System.Text is 1.3.4" },
        { "nfproj HintPath: System.Net 1.11.60 -> 1.11.61", @"HintPath ..\packages\nanoFramework.System.Net.1.11.61\lib\System.Net.dll" },
        { "nfproj Include: System.Net 1.11.60 -> 1.11.61", "Reference System.Net has Version=1.11.61.0, but its package nanoFramework.System.Net is 1.11.60" },
        { "nfproj HintPath one folder too high", "resolves outside " },
        { "native-assemblies.json: System.Net 1.11.60 -> 1.11.61", "native-assemblies.json pins nanoFramework.System.Net 1.11.61, but " },
        { "packages.config: a package native-assemblies.json does not classify", "nanoFramework.System.Math (in " },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void A_deliberate_mismatch_fails(string change, string expected)
    {
        CopyPinnedFiles(_copy.Path);
        AssertAgrees(PinSet.Read(_copy.Path));

        Apply(change, _copy.Path);

        IReadOnlyList<string> problems = PinSet.Read(_copy.Path).Problems();
        Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), $"after '{change}' expected a problem containing '{expected}'; got:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void A_project_moved_a_folder_deeper_agrees_once_its_hint_paths_climb_one_more_folder()
    {
        CopyPinnedFiles(_copy.Path);
        ProjectFile project = PinSet.Read(_copy.Path).Projects.First(p => p.References.Count > 0);
        string from = Path.GetDirectoryName(project.Path)!;
        string to = Path.Combine(from, "Moved");
        Directory.CreateDirectory(to);
        File.Move(project.Path, Path.Combine(to, Path.GetFileName(project.Path)));
        File.Move(Path.Combine(from, "packages.config"), Path.Combine(to, "packages.config"));

        string climb = string.Concat(Enumerable.Repeat(@"..\", Path.GetRelativePath(_copy.Path, to).Split(Path.DirectorySeparatorChar).Length));
        Assert.Contains(PinSet.Read(_copy.Path).Problems(), p => p.Contains("resolves outside packages/ (next to nanoDps.sln): use " + climb + @"packages\<id>.<version>\lib\<assembly>.dll", StringComparison.Ordinal));

        Edit(Path.Combine(to, Path.GetFileName(project.Path)), "<HintPath>", @"<HintPath>..\");
        AssertAgrees(PinSet.Read(_copy.Path));
    }

    private static void Apply(string change, string root)
    {
        PinSet set = PinSet.Read(root);
        ProjectFile project = set.Projects.First(p => p.References.Any(r => r.Include.StartsWith("System.Net,", StringComparison.Ordinal)));
        string config = set.Configs.First(c => c.Packages.ContainsKey("nanoFramework.System.Net")).Path;
        string json = Path.Combine(root, "DeviceFirmware", "native-assemblies.json");
        switch (change)
        {
            case "packages.config: System.Net 1.11.60 -> 1.11.61":
                Edit(config, "id=\"nanoFramework.System.Net\" version=\"1.11.60\"", "id=\"nanoFramework.System.Net\" version=\"1.11.61\"");
                break;
            case "one of two packages.config: System.Text 1.3.42 -> 1.3.43":
                Assert.True(set.Configs.Count(c => c.Packages.ContainsKey("nanoFramework.System.Text")) >= 2);
                Edit(set.Configs.First(c => c.Packages.ContainsKey("nanoFramework.System.Text")).Path, "id=\"nanoFramework.System.Text\" version=\"1.3.42\"", "id=\"nanoFramework.System.Text\" version=\"1.3.43\"");
                break;
            case "nfproj HintPath: System.Net 1.11.60 -> 1.11.61":
                Edit(project.Path, @"nanoFramework.System.Net.1.11.60\lib", @"nanoFramework.System.Net.1.11.61\lib");
                break;
            case "nfproj Include: System.Net 1.11.60 -> 1.11.61":
                Edit(project.Path, "System.Net, Version=1.11.60.0", "System.Net, Version=1.11.61.0");
                break;
            case "nfproj HintPath one folder too high":
                Edit(project.Path, "<HintPath>", @"<HintPath>..\");
                break;
            case "native-assemblies.json: System.Net 1.11.60 -> 1.11.61":
                Edit(json, "\"package\": \"nanoFramework.System.Net\", \"version\": \"1.11.60\"", "\"package\": \"nanoFramework.System.Net\", \"version\": \"1.11.61\"");
                break;
            case "packages.config: a package native-assemblies.json does not classify":
                Edit(config, "</packages>", "  <package id=\"nanoFramework.System.Math\" version=\"1.5.116\" targetFramework=\"netnano1.0\" />\n</packages>");
                break;
            default:
                throw new ArgumentException(change);
        }
    }

    private static void AssertAgrees(PinSet set)
    {
        IReadOnlyList<string> problems = set.Problems();
        Assert.True(problems.Count == 0, "the pinned packages disagree:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    private static void Edit(string file, string from, string to)
    {
        string text = File.ReadAllText(file);
        Assert.Contains(from, text);
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>Copies nanoDps.sln, native-assemblies.json and every .nfproj and packages.config to <paramref name="target"/>, at the same paths.</summary>
    private static void CopyPinnedFiles(string target)
    {
        string[] files = [.. PinSet.Discover(SolutionFolder), Path.Combine(SolutionFolder, "nanoDps.sln"), Path.Combine(SolutionFolder, "DeviceFirmware", "native-assemblies.json")];
        foreach (string file in files)
        {
            string copy = Path.Combine(target, Path.GetRelativePath(SolutionFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private static string FindSolutionFolder()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "nanoDps.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("nanoDps.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A packages.config: package id to version.</summary>
internal sealed record ConfigFile(string Path, IReadOnlyDictionary<string, string> Packages, IReadOnlyList<string> Problems);

/// <summary>One &lt;Reference&gt; of an .nfproj with a HintPath.</summary>
internal sealed record PackageReference(string Include, string HintPath);

/// <summary>An .nfproj and its references with a HintPath.</summary>
internal sealed record ProjectFile(string Path, IReadOnlyList<PackageReference> References);

/// <summary>The pinned-package files of a repository, read and compared.</summary>
internal sealed class PinSet
{
    // Assemblies a package carries with their own version, not the package's: nanoFramework.TestFramework's
    // launcher is 0.0.0.0 (as in nanoframework/Samples samples/UnitTest/NFUnitTestDemo/NFUnitTest.nfproj).
    private static readonly HashSet<string> UnversionedAssemblies = ["nanoFramework.UnitTestLauncher"];

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "packages", "node_modules" };

    private PinSet(string root, IReadOnlyList<ConfigFile> configs, IReadOnlyList<ProjectFile> projects, NativeAssemblyPins pins)
    {
        Root = root;
        Configs = configs;
        Projects = projects;
        Pins = pins;
    }

    public string Root { get; }

    public IReadOnlyList<ConfigFile> Configs { get; }

    public IReadOnlyList<ProjectFile> Projects { get; }

    public NativeAssemblyPins Pins { get; }

    /// <summary>Every .nfproj and packages.config under <paramref name="root"/>, outside bin, obj, packages and hidden folders.</summary>
    public static IEnumerable<string> Discover(string root)
    {
        foreach (string file in Directory.EnumerateFiles(root))
        {
            string name = Path.GetFileName(file);
            if (name.EndsWith(".nfproj", StringComparison.OrdinalIgnoreCase) || name.Equals("packages.config", StringComparison.OrdinalIgnoreCase))
            {
                yield return file;
            }
        }

        foreach (string folder in Directory.EnumerateDirectories(root))
        {
            string name = Path.GetFileName(folder);
            if (!name.StartsWith('.') && !SkippedFolders.Contains(name))
            {
                foreach (string file in Discover(folder))
                {
                    yield return file;
                }
            }
        }
    }

    public static PinSet Read(string root)
    {
        var configs = new List<ConfigFile>();
        var projects = new List<ProjectFile>();
        foreach (string file in Discover(root))
        {
            XDocument document = XDocument.Load(file);
            if (file.EndsWith(".nfproj", StringComparison.OrdinalIgnoreCase))
            {
                projects.Add(new ProjectFile(file, document.Descendants()
                    .Where(e => e.Name.LocalName == "Reference" && e.Elements().Any(h => h.Name.LocalName == "HintPath"))
                    .Select(e => new PackageReference((string?)e.Attribute("Include") ?? string.Empty, e.Elements().First(h => h.Name.LocalName == "HintPath").Value.Trim()))
                    .ToList()));
            }
            else
            {
                var packages = new Dictionary<string, string>(StringComparer.Ordinal);
                var problems = new List<string>();
                foreach (XElement package in document.Descendants("package"))
                {
                    string id = (string?)package.Attribute("id") ?? string.Empty;
                    string version = (string?)package.Attribute("version") ?? string.Empty;
                    if (id.Length == 0 || version.Length == 0)
                    {
                        problems.Add($"{Relative(root, file)}: a <package> without id or version");
                    }
                    else if (!packages.TryAdd(id, version))
                    {
                        problems.Add($"{Relative(root, file)}: {id} is listed twice");
                    }
                }

                configs.Add(new ConfigFile(file, packages, problems));
            }
        }

        string json = Path.Combine(root, "DeviceFirmware", "native-assemblies.json");
        return new PinSet(root, configs, projects, NativeAssemblyPins.Parse(File.ReadAllText(json)));
    }

    /// <summary>Every disagreement, one line each, naming the file and what to change.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (ConfigFile config in Configs)
        {
            problems.AddRange(config.Problems);
        }

        // One version per package in the whole repository.
        var first = new Dictionary<string, (string Version, ConfigFile Config)>(StringComparer.Ordinal);
        foreach (ConfigFile config in Configs)
        {
            foreach ((string id, string version) in config.Packages)
            {
                if (!first.TryAdd(id, (version, config)) && first[id].Version != version)
                {
                    problems.Add($"{id} is {version} in {Relative(Root, config.Path)} but {first[id].Version} in {Relative(Root, first[id].Config.Path)}: pin one version everywhere");
                }
            }
        }

        foreach (ProjectFile project in Projects)
        {
            CheckProject(project, problems);
        }

        // native-assemblies.json classifies every package, at the same version.
        string jsonName = NativeAssemblyPins.RepositoryPath;
        var classified = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (PackagePin pin in Pins.Packages.Select(p => new PackagePin(p.Package, p.Version)).Concat(Pins.NoNativeCode))
        {
            if (!classified.TryAdd(pin.Package, pin.Version))
            {
                problems.Add($"{jsonName} lists {pin.Package} twice");
            }
        }

        foreach (NativeAssemblyPin pin in Pins.Packages)
        {
            if (!first.ContainsKey(pin.Package))
            {
                problems.Add($"{jsonName} pins {pin.Package} {pin.Version}, which no packages.config lists: remove it (check-image would ask the board for it)");
            }
        }

        foreach (PackagePin pin in Pins.Packages.Select(p => new PackagePin(p.Package, p.Version)).Concat(Pins.NoNativeCode))
        {
            if (first.TryGetValue(pin.Package, out var used) && used.Version != pin.Version)
            {
                problems.Add($"{jsonName} pins {pin.Package} {pin.Version}, but {Relative(Root, used.Config.Path)} has {used.Version}: change the package and its entry in native-assemblies.json together");
            }
        }

        foreach ((string id, (string version, ConfigFile config)) in first)
        {
            if (!classified.ContainsKey(id))
            {
                problems.Add($"{id} (in {Relative(Root, config.Path)}, {version}) is in neither \"packages\" nor \"noNativeCode\" of {jsonName}: "
                    + "add its native assembly, version and checksum (check-image needs them) or, if it has no native code, add it to noNativeCode");
            }
        }

        return problems;
    }

    private void CheckProject(ProjectFile project, List<string> problems)
    {
        string projectName = Relative(Root, project.Path);
        string folder = Path.GetDirectoryName(project.Path)!;
        ConfigFile? config = Configs.FirstOrDefault(c => string.Equals(Path.GetDirectoryName(c.Path), folder, StringComparison.Ordinal));
        string packagesFolder = Path.Combine(Root, "packages");
        foreach (PackageReference reference in project.References)
        {
            string hint = reference.HintPath;
            string resolved = Path.GetFullPath(Path.Combine(folder, hint.Replace('\\', Path.DirectorySeparatorChar)));
            string relative = Path.GetRelativePath(packagesFolder, resolved);
            string[] parts = relative.Split(Path.DirectorySeparatorChar);
            string expectedForm = Path.GetRelativePath(folder, packagesFolder).Replace(Path.DirectorySeparatorChar, '\\') + @"\<id>.<version>\lib\<assembly>.dll";
            if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                problems.Add($"{projectName}: HintPath {hint} resolves outside {Relative(Root, packagesFolder)}/ (next to nanoDps.sln): use {expectedForm}");
                continue;
            }

            if (parts.Length != 3 || parts[1] != "lib")
            {
                problems.Add($"{projectName}: HintPath {hint} is not of the form {expectedForm}");
                continue;
            }

            if (config is null)
            {
                problems.Add($"{projectName}: references {parts[0]} but has no packages.config beside it");
                continue;
            }

            KeyValuePair<string, string> package = config.Packages.FirstOrDefault(p => parts[0] == p.Key + "." + p.Value);
            if (package.Key is null)
            {
                KeyValuePair<string, string> sameId = config.Packages.Where(p => parts[0].StartsWith(p.Key + ".", StringComparison.Ordinal)).OrderByDescending(p => p.Key.Length).FirstOrDefault();
                problems.Add(sameId.Key is null
                    ? $"{projectName}: HintPath {hint} names package folder {parts[0]}, which {Relative(Root, config.Path)} does not list"
                    : $"{projectName}: HintPath {hint} names package folder {parts[0]}, but {Relative(Root, config.Path)} pins {sameId.Key} {sameId.Value}");
                continue;
            }

            string assembly = Path.GetFileNameWithoutExtension(parts[2]);
            string[] identity = reference.Include.Split(',', StringSplitOptions.TrimEntries);
            string? version = identity.FirstOrDefault(p => p.StartsWith("Version=", StringComparison.Ordinal))?["Version=".Length..];
            if (identity[0] != assembly)
            {
                problems.Add($"{projectName}: Reference {identity[0]} has the HintPath of assembly {assembly} ({hint})");
            }
            else if (version is null)
            {
                problems.Add($"{projectName}: Reference {identity[0]} has no Version in its Include: write the identity as Visual Studio does, \"{assembly}, Version={package.Value}.0, Culture=neutral, PublicKeyToken=c07d481e9758c731\"");
            }
            else if (!(version == "0.0.0.0" && UnversionedAssemblies.Contains(assembly))
                && !(version.Split('.').Length == 4 && version[..version.LastIndexOf('.')] == package.Value))
            {
                problems.Add($"{projectName}: Reference {identity[0]} has Version={version}, but its package {package.Key} is {package.Value} (Version={package.Value}.<revision>)");
            }
        }
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
}
