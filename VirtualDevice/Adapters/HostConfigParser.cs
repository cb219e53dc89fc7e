using System.Text.Json;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="IConfigParser"/> on System.Text.Json, as the board's adapter is on nanoFramework.Json:
/// device.json into the core's <see cref="DeviceConfig"/>, property names matched case-insensitively,
/// every field of the wrong JSON type named, unknown fields noted, and a syntax error placed by line
/// and position. Defaults and validation are the core's (<see cref="DeviceConfigFile"/>).
/// </summary>
public sealed class HostConfigParser : IConfigParser
{
    private static readonly string[] StringFields =
        ["wifiSsid", "wifiPassword", "idScope", "endpoint", "apiVersion", "groupKey", "deviceKey", "registrationIdPrefix", "registrationId"];

    private static readonly string[] NumberFields = ["sasTtlSeconds", "deadlineSeconds", "telemetryIntervalSeconds"];

    /// <inheritdoc/>
    public ConfigParseResult Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            string message = e.Message;
            int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
            return ConfigParseResult.NotAnObject($"is not valid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: {message}");
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? Read(document.RootElement)
                : ConfigParseResult.NotAnObject("must hold one JSON object: { \"idScope\": \"...\", ... }");
        }
    }

    private static ConfigParseResult Read(JsonElement root)
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
            else if (field == "keepGroupKey")
            {
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    config.KeepGroupKey = value.GetBoolean();
                }
                else
                {
                    errors.Add(new ConfigError(field, "must be true or false, without quotes"));
                }
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

        return new ConfigParseResult(config, [.. errors], [.. notes]);
    }

    private static string? Known(string name) =>
        name.Equals("payload", StringComparison.OrdinalIgnoreCase) ? "payload"
        : name.Equals("keepGroupKey", StringComparison.OrdinalIgnoreCase) ? "keepGroupKey"
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
        switch (field)
        {
            case "sasTtlSeconds": config.SasTtlSeconds = value; break;
            case "deadlineSeconds": config.DeadlineSeconds = value; break;
            default: config.TelemetryIntervalSeconds = value; break;
        }
    }
}
