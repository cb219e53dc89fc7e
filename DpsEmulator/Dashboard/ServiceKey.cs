using System.Security.Cryptography;
using System.Text;

namespace NanoDps.Emulator;

/// <summary>
/// The service key: the shared access key of the policy <c>provisioningserviceowner</c>, which the
/// dashboard asks for when the emulator listens beyond loopback. It is kept in
/// <c>&lt;data&gt;/service-connection-string.txt</c> (mode 0600), made at the first start.
/// </summary>
/// <remarks>
/// The service API keeps this key too; <see cref="ReadOrCreate"/> is the one place the dashboard
/// gets it from, so that both share one key.
/// </remarks>
internal static class ServiceKey
{
    /// <summary>File name of the service connection string in the data folder.</summary>
    public const string FileName = "service-connection-string.txt";

    /// <summary>The shared access policy the key belongs to.</summary>
    public const string PolicyName = "provisioningserviceowner";

    private const int KeyBytes = 32;

    /// <summary>
    /// The key of <c>&lt;data&gt;/service-connection-string.txt</c>; when the file is missing, a new
    /// random key written there as <c>HostName=<paramref name="hostName"/>;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=...</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">The file holds no usable key (the message names the file and the fix).</exception>
    public static byte[] ReadOrCreate(string dataFolder, string hostName)
    {
        var path = Path.Combine(dataFolder, FileName);
        if (File.Exists(path))
        {
            return KeyOf(File.ReadAllText(path))
                ?? throw new InvalidDataException(
                    $"{path} holds no SharedAccessKey=<base64> (the service connection string); delete it to make a new key, or write the key back.");
        }

        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        var text = $"HostName={hostName};SharedAccessKeyName={PolicyName};SharedAccessKey={Convert.ToBase64String(key)}\n";
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }

        if (File.ReadAllText(temp) != text)
        {
            throw new IOException($"{temp} did not read back as written; check the disk and the data folder.");
        }

        File.Move(temp, path, overwrite: false);
        return key;
    }

    /// <summary>
    /// The key in what a user gives: a service connection string (its <c>SharedAccessKey</c>) or the
    /// base64 key alone; null when neither holds a base64 key.
    /// </summary>
    public static byte[]? KeyOf(string? connectionStringOrKey)
    {
        var text = connectionStringOrKey?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 4096)
        {
            return null;
        }

        if (text.Contains(';') || text.Contains("SharedAccessKey=", StringComparison.OrdinalIgnoreCase))
        {
            text = text.Split(';', StringSplitOptions.TrimEntries)
                .FirstOrDefault(f => f.StartsWith("SharedAccessKey=", StringComparison.OrdinalIgnoreCase))?["SharedAccessKey=".Length..];
        }

        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written >= 16 ? buffer[..written] : null;
    }
}
