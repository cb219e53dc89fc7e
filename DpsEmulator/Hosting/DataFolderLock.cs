namespace NanoDps.Emulator;

/// <summary>
/// <c>emulator.lock</c> in the data folder, held open without sharing for the server's lifetime,
/// so a second emulator on the same folder refuses to start instead of disagreeing with the first
/// about registrations. The operating system releases it when the process ends, however it ends:
/// the file left behind by a crash is not a lock.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    /// <summary>File name of the lock in the data folder.</summary>
    public const string FileName = "emulator.lock";

    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    /// <summary>Creates the folder if needed and takes its lock.</summary>
    /// <exception cref="EmulatorEnvironmentException">The folder cannot be created or written, or another emulator holds it.</exception>
    public static DataFolderLock Acquire(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmulatorEnvironmentException(
                $"cannot create the data folder {folder} ({e.Message.TrimEnd('.')}); choose another with --data, or fix the path or its permissions.", e);
        }

        var path = Path.Combine(folder, FileName);
        try
        {
            // FileShare.None: an exclusive lock (flock on Linux and macOS) that dies with the process.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new DataFolderLock(stream);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new EmulatorEnvironmentException(
                $"cannot write to the data folder {folder} ({e.Message.TrimEnd('.')}); fix its permissions, or choose another with --data.", e);
        }
        catch (IOException e)
        {
            throw new EmulatorEnvironmentException(
                $"another DPS emulator is already using the data folder {folder} (it holds {FileName}); stop that one, or give this one its own folder with --data.", e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
