using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// The shared access policy of the service API, <c>provisioningserviceowner</c> (all permissions, as a
/// new DPS has): two random 32-byte keys made at the first start and kept in <c>service-policy.json</c>
/// (0600), and the connection string <c>HostName=..;SharedAccessKeyName=..;SharedAccessKey=..</c> in
/// <c>service-connection-string.txt</c> (0600), rewritten at every start since the host may change.
/// </summary>
internal sealed class ServiceCredentials
{
    /// <summary>The policy's name, as in DPS.</summary>
    public const string PolicyName = "provisioningserviceowner";

    /// <summary>The file holding the policy's keys.</summary>
    public const string PolicyFileName = "service-policy.json";

    /// <summary>The file holding the connection string.</summary>
    public const string ConnectionStringFileName = "service-connection-string.txt";

    private const int KeyBytes = 32;

    private ServiceCredentials(byte[] primary, byte[] secondary)
    {
        Keys = [primary, secondary];
    }

    /// <summary>The primary and the secondary key (never logged).</summary>
    public byte[][] Keys { get; }

    /// <summary><c>HostName={host};SharedAccessKeyName=provisioningserviceowner;SharedAccessKey={key}</c>.</summary>
    public string ConnectionString(string host, bool secondary = false) =>
        $"HostName={host};SharedAccessKeyName={PolicyName};SharedAccessKey={Convert.ToBase64String(Keys[secondary ? 1 : 0])}";

    /// <summary>Reads the policy from the data folder, or makes it (first start).</summary>
    /// <exception cref="InvalidDataException">The policy file is not valid.</exception>
    public static ServiceCredentials LoadOrCreate(string folder, ILogger logger)
    {
        var path = Path.Combine(folder, PolicyFileName);
        if (File.Exists(path))
        {
            return Read(path);
        }

        // A connection string written before the policy file existed (by an emulator that had only the
        // dashboard's key) keeps its key, so that what users copied from it goes on working.
        var earlier = Path.Combine(folder, ConnectionStringFileName);
        var primary = File.Exists(earlier) ? KeyOf(File.ReadAllText(earlier)) : null;
        var credentials = new ServiceCredentials(primary ?? RandomNumberGenerator.GetBytes(KeyBytes), RandomNumberGenerator.GetBytes(KeyBytes));
        var text = JsonSerializer.Serialize(new PolicyModel
        {
            Comment = "The service API's shared access policy (its keys are secrets). Delete this file to get new keys at the next start.",
            KeyName = PolicyName,
            PrimaryKey = Convert.ToBase64String(credentials.Keys[0]),
            SecondaryKey = Convert.ToBase64String(credentials.Keys[1]),
        }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }) + "\n";
        EnrollmentsFile.WriteText(path, text);
        logger.LogInformation("Created the service API's shared access policy '{Policy}' with new keys in {Path}.", PolicyName, path);
        return credentials;
    }

    /// <summary>Writes the connection string of <paramref name="host"/> (0600, temp then rename); returns its path.</summary>
    public string WriteConnectionString(string folder, string host)
    {
        var path = Path.Combine(folder, ConnectionStringFileName);
        EnrollmentsFile.WriteText(path, ConnectionString(host) + "\n");
        return path;
    }

    private static ServiceCredentials Read(string path)
    {
        PolicyModel? model;
        try
        {
            model = JsonSerializer.Deserialize<PolicyModel>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON ({e.Message}); delete it to get new service keys at the next start.", e);
        }

        if (model?.KeyName != PolicyName || Decode(model.PrimaryKey) is not { } primary || Decode(model.SecondaryKey) is not { } secondary)
        {
            throw new InvalidDataException(
                $"{path} must hold keyName \"{PolicyName}\" and primaryKey and secondaryKey, each base64 of 16 to 64 bytes; delete it to get new service keys at the next start.");
        }

        return new ServiceCredentials(primary, secondary);
    }

    private static byte[]? Decode(string? key) => SymmetricKeys.TryDecode(key, out var bytes) ? bytes : null;

    /// <summary>The <c>SharedAccessKey</c> of a connection string, when it is base64 of 16 to 64 bytes.</summary>
    internal static byte[]? KeyOf(string connectionString) =>
        Decode(connectionString.Split(';', StringSplitOptions.TrimEntries)
            .FirstOrDefault(p => p.StartsWith("SharedAccessKey=", StringComparison.OrdinalIgnoreCase))?["SharedAccessKey=".Length..]);

    private sealed class PolicyModel
    {
        [System.Text.Json.Serialization.JsonPropertyName("_comment")]
        public string? Comment { get; set; }

        public string? KeyName { get; set; }

        public string? PrimaryKey { get; set; }

        public string? SecondaryKey { get; set; }
    }
}
