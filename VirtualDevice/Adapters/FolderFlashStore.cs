using System.Text;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="IFlashStore"/> on a folder, the virtual board's I:\ drive. Writes go through a
/// FileStream flushed to the disk (<c>Flush(true)</c>) before returning, as the board's FlashStore
/// closes its LittleFS file; <c>File.Move</c> refuses an existing destination and <c>File.Delete</c>
/// ignores a missing file, as the port requires. Atomic replacement is the core's DurableFile's job.
/// </summary>
public sealed class FolderFlashStore : IFlashStore
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A store in <paramref name="folder"/>, created on the first write.</summary>
    public FolderFlashStore(string folder)
    {
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>Full path of the folder.</summary>
    public string Folder { get; }

    /// <summary>Full path of file <paramref name="name"/>.</summary>
    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <inheritdoc/>
    public string? ReadText(string name)
    {
        string path = PathOf(name);
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] bytes = File.ReadAllBytes(path);
        int start = Utf8Bom.TextStart(bytes);
        return Utf8.GetString(bytes, start, bytes.Length - start);
    }

    /// <summary>The last write, rename or delete that failed ("nanodps.rec.tmp: reason"), or null: the core reports such a failure as its own error.</summary>
    public string? LastFailure { get; private set; }

    /// <inheritdoc/>
    public void WriteText(string name, string text) => Recorded(name, () =>
    {
        Directory.CreateDirectory(Folder);
        byte[] bytes = Utf8.GetBytes(text);
        string path = PathOf(name);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // The flash holds keys (device.json: the derived key, with keepGroupKey the group key): 0600, as every secret file.
            options.UnixCreateMode = Private;
            if (File.Exists(path) && (File.GetUnixFileMode(path) & ~Private) != 0)
            {
                File.SetUnixFileMode(path, Private); // an older copy, before it gets the new text
            }
        }

        using var stream = new FileStream(path, options);
        stream.Write(bytes, 0, bytes.Length);
        stream.Flush(flushToDisk: true);
    });

    /// <inheritdoc/>
    public void Rename(string from, string to) => Recorded(to, () => File.Move(PathOf(from), PathOf(to), overwrite: false));

    /// <inheritdoc/>
    public void Delete(string name) => Recorded(name, () =>
    {
        if (Directory.Exists(Folder))
        {
            File.Delete(PathOf(name));
        }
    });

    private void Recorded(string name, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LastFailure = name + ": " + e.Message;
            throw;
        }
    }
}
