using System.Text.Json;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="IConfigParser"/> on System.Text.Json, as the board's adapter is on nanoFramework.Json: a
/// syntax error placed by line and position; each member of the object handed to the core's
/// <see cref="ConfigReader"/>, which names fields of the wrong type and notes unknown ones, as on the
/// board. Defaults and validation are the core's too (<see cref="DeviceConfigFile"/>).
/// </summary>
public sealed class HostConfigParser : IConfigParser
{
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
        var reader = new ConfigReader();
        bool wifi = false;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            JsonElement value = property.Value;
            wifi |= value.ValueKind != JsonValueKind.Null
                && (property.Name.Equals("wifiSsid", StringComparison.OrdinalIgnoreCase) || property.Name.Equals("wifiPassword", StringComparison.OrdinalIgnoreCase));
            switch (value.ValueKind)
            {
                case JsonValueKind.Object or JsonValueKind.Array:
                    // As on the board: compact JSON text, and the core says "must be a JSON object" when it is not one.
                    reader.Nested(property.Name, JsonSerializer.Serialize(value));
                    break;
                case JsonValueKind.String:
                    reader.Value(property.Name, value.GetString());
                    break;
                case JsonValueKind.Number:
                    reader.Value(property.Name, value.TryGetInt64(out long whole) ? (object)whole : value.GetDouble());
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    reader.Value(property.Name, value.GetBoolean());
                    break;
                default:
                    reader.Value(property.Name, null);
                    break;
            }
        }

        if (wifi)
        {
            reader.Note("wifiSsid and wifiPassword are ignored: the virtual device uses this PC's network");
        }

        return reader.Result();
    }
}
