using System.Text.Json;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Board;

/// <summary>
/// Reads a device.json, the file the board reads from I:\, into the core's <see cref="DeviceConfig"/>
/// and collects every problem at once: the file itself (missing, unreadable, not JSON, with line and
/// position), each field of the wrong JSON type, then everything <see cref="ConfigValidator"/> finds,
/// each with its field name. Property names match case-insensitively, as on the board; the Wi-Fi
/// fields are read and ignored (a PC has its own network).
/// </summary>
public static class ConfigFile
{
    /// <summary>Largest device.json accepted (the board's config partition is small too).</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly string[] StringFields =
        ["wifiSsid", "wifiPassword", "idScope", "endpoint", "apiVersion", "groupKey", "deviceKey", "registrationIdPrefix", "registrationId"];

    private static readonly string[] NumberFields = ["sasTtlSeconds", "deadlineSeconds"];

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    public static ConfigLoad Load(string path)
    {
        string name = Path.GetFileName(path);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return ConfigLoad.Failed(new ConfigError(name, Directory.Exists(path) ? "is a folder, not a file" : $"does not exist ({info.FullName})"));
            }

            if (info.Length > MaxBytes)
            {
                return ConfigLoad.Failed(new ConfigError(name, $"is {info.Length} bytes; a device.json has at most {MaxBytes}"));
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ConfigLoad.Failed(new ConfigError(name, "cannot be read: " + e.Message));
        }

        return Parse(text, name);
    }

    /// <summary>Parses and validates the text of a device.json; <paramref name="name"/> names it in messages.</summary>
    public static ConfigLoad Parse(string text, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            string message = e.Message;
            int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
            return ConfigLoad.Failed(new ConfigError(name, $"is not valid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: {message}"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ConfigLoad.Failed(new ConfigError(name, "must hold one JSON object: { \"idScope\": \"...\", ... }"));
            }

            return Read(document.RootElement);
        }
    }

    private static ConfigLoad Read(JsonElement root)
    {
        var config = new DeviceConfig();
        var errors = new List<ConfigError>();
        var notes = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            string? field = Known(property.Name);
            if (field is null)
            {
                if (!property.Name.StartsWith('_') && !property.Name.StartsWith('$'))
                {
                    notes.Add($"unknown field \"{property.Name}\" is ignored");
                }

                continue;
            }

            if (!seen.Add(field))
            {
                errors.Add(new ConfigError(field, "appears twice"));
                continue;
            }

            JsonElement value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (field == "payload")
            {
                // As on the board: the value goes to the core as compact JSON text, and the core's
                // validator says "must be a JSON object" when it is not one.
                config.PayloadJson = JsonSerializer.Serialize(value);
            }
            else if (NumberFields.Contains(field))
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number))
                {
                    Set(config, field, number);
                }
                else
                {
                    errors.Add(new ConfigError(field, "must be a whole number of seconds, without quotes"));
                }
            }
            else if (value.ValueKind == JsonValueKind.String)
            {
                Set(config, field, value.GetString()!);
            }
            else
            {
                errors.Add(new ConfigError(field, "must be a string in double quotes"));
            }
        }

        if (config.WifiSsid is not null || config.WifiPassword is not null)
        {
            notes.Add("wifiSsid and wifiPassword are ignored: the virtual device uses this PC's network");
        }

        config.ApplyDefaults();
        var typed = new HashSet<string>(errors.Select(e => e.Field), StringComparer.Ordinal);
        errors.AddRange(ConfigValidator.Validate(config, requireWifi: false).Where(e => !typed.Contains(e.Field)));
        return new ConfigLoad(errors.Count == 0 ? config : null, errors, notes);
    }

    private static string? Known(string name) =>
        name.Equals("payload", StringComparison.OrdinalIgnoreCase) ? "payload"
        : StringFields.Concat(NumberFields).FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static void Set(DeviceConfig config, string field, string value)
    {
        switch (field)
        {
            case "wifiSsid": config.WifiSsid = value; break;
            case "wifiPassword": config.WifiPassword = value; break;
            case "idScope": config.IdScope = value; break;
            case "endpoint": config.Endpoint = value; break;
            case "apiVersion": config.ApiVersion = value; break;
            case "groupKey": config.GroupKey = value; break;
            case "deviceKey": config.DeviceKey = value; break;
            case "registrationIdPrefix": config.RegistrationIdPrefix = value; break;
            default: config.RegistrationId = value; break;
        }
    }

    private static void Set(DeviceConfig config, string field, int value)
    {
        if (field == "sasTtlSeconds")
        {
            config.SasTtlSeconds = value;
        }
        else
        {
            config.DeadlineSeconds = value;
        }
    }
}

/// <summary>The result of reading a device.json: the config when valid, every problem, and notes (ignored fields).</summary>
/// <param name="Config">The validated config with defaults applied; null when there is any problem.</param>
/// <param name="Problems">Every problem, each naming its field (or the file).</param>
/// <param name="Notes">Things worth saying that are not problems.</param>
public sealed record ConfigLoad(DeviceConfig? Config, IReadOnlyList<ConfigError> Problems, IReadOnlyList<string> Notes)
{
    internal static ConfigLoad Failed(ConfigError problem) => new(null, [problem], []);
}
