using System.Diagnostics;

namespace NanoDps.BoardAssemblies.Tests;

/// <summary>The files of the repository: the working tree, or one revision read from git.</summary>
public abstract class SourceTree
{
    protected SourceTree(string root) => Root = System.IO.Path.GetFullPath(root);

    public string Root { get; }

    /// <summary>Full paths of every file (bin/ and obj/ left out).</summary>
    public abstract IReadOnlyList<string> Files { get; }

    public abstract string ReadText(string fullPath);

    public bool Exists(string fullPath) => FileSet.Contains(fullPath);

    private HashSet<string>? _fileSet;
    private HashSet<string> FileSet => _fileSet ??= new HashSet<string>(Files, StringComparer.Ordinal);

    /// <summary>Every .nfproj of the tree, found by walking it (no list to keep up to date).</summary>
    public IEnumerable<string> NfProjects => Files.Where(file => file.EndsWith(".nfproj", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);

    public string Relative(string fullPath) => System.IO.Path.GetRelativePath(Root, fullPath);

    public NfProject LoadProject(string fullPath) => NfProject.Parse(fullPath, ReadText(fullPath), Exists, Files);

    public static SourceTree Working(string root) => new WorkingTree(root);

    /// <summary>The repository as it was at <paramref name="revision"/>, or null when git or the revision is missing.</summary>
    public static SourceTree? AtRevision(string root, string revision) => GitRevision.TryOpen(root, revision);

    /// <summary>The repository this test runs in: the folder above the test's output that holds nanoDps.sln.</summary>
    public static string RepositoryRoot()
    {
        var overridden = Environment.GetEnvironmentVariable("NANODPS_REPO_ROOT");
        if (!string.IsNullOrEmpty(overridden))
        {
            return overridden;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "nanoDps.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no nanoDps.sln above {AppContext.BaseDirectory}: set NANODPS_REPO_ROOT to the repository");
    }

    private sealed class WorkingTree(string root) : SourceTree(root)
    {
        private IReadOnlyList<string>? _files;

        public override IReadOnlyList<string> Files => _files ??= Directory
            .EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(file => !IsSkipped(Relative(file)))
            .ToList();

        public override string ReadText(string fullPath) => File.ReadAllText(fullPath);

        private static bool IsSkipped(string relative) =>
            relative.Split('/').Any(part => part is "bin" or "obj" or ".git" or "node_modules" or "packages");
    }

    private sealed class GitRevision : SourceTree
    {
        private readonly string _revision;
        private readonly IReadOnlyList<string> _files;

        private GitRevision(string root, string revision, IReadOnlyList<string> files) : base(root)
        {
            _revision = revision;
            _files = files.Select(file => System.IO.Path.Combine(Root, file)).ToList();
        }

        public override IReadOnlyList<string> Files => _files;

        public override string ReadText(string fullPath) => Git(Root, "show", $"{_revision}:{Relative(fullPath)}")
            ?? throw new FileNotFoundException($"{Relative(fullPath)} is not in {_revision}");

        public static GitRevision? TryOpen(string root, string revision)
        {
            var listing = Git(root, "ls-tree", "-r", "--name-only", revision);
            return listing is null ? null : new GitRevision(root, revision, listing.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        private static string? Git(string root, params string[] arguments)
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            try
            {
                using var process = Process.Start(start)!;
                var output = process.StandardOutput.ReadToEnd();
                process.StandardError.ReadToEnd();
                process.WaitForExit();
                return process.ExitCode == 0 ? output : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
    }
}
