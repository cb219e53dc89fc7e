namespace NanoDps.FleetSim.Cli;

/// <summary>Where a run writes: checked before any work, so that a folder that cannot be written costs nothing.</summary>
public static class OutputFolder
{
    /// <summary>The scratch folder a run writes to unless told otherwise (git-ignored).</summary>
    public const string Scratch = ".fleet-sim";

    /// <summary>Creates <paramref name="folder"/> if needed and proves it can be written (a probe file, written and deleted).</summary>
    /// <exception cref="OutputFolderException">It cannot.</exception>
    public static DirectoryInfo Prepare(string folder, string option)
    {
        string full = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".fleet-sim-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            if (Path.GetFileName(full) == Scratch && !File.Exists(Path.Combine(full, ".gitignore")))
            {
                // The scratch folder ignores itself, wherever it is created (as pytest's cache does).
                File.WriteAllText(Path.Combine(full, ".gitignore"), "# Written by FleetSim: its scratch output, never committed.\n*\n");
            }

            return new DirectoryInfo(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFolderException($"{option}: cannot write to {full} ({e.Message.TrimEnd('.')}): give a folder you can write to.", e);
        }
    }

    /// <summary>
    /// The repository's docs/results/ folder (the fleet simulation's generated results), found by walking up from the current directory to the folder
    /// that holds nanoDps.sln; null when the run is not inside the repository.
    /// </summary>
    public static string? RepositoryDocs()
    {
        for (DirectoryInfo? dir = new(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "nanoDps.sln")))
            {
                return Path.Combine(dir.FullName, "docs", "results");
            }
        }

        return null;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> through a temporary file, so a reader never sees half a report.</summary>
    public static void WriteText(string path, string text)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>The output folder or file cannot be created or written (exit 4).</summary>
public sealed class OutputFolderException(string message, Exception inner) : Exception(message, inner);
