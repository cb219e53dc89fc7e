using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// DPS answer bodies parsed with System.Text.Json into the core's own DTOs, as the board parses them
/// with nanoFramework.Json: property names case-insensitive, unknown properties ignored, and the
/// "payload" object of the registration state kept as its raw JSON text (<see cref="DpsRegistrationState.PayloadJson"/>).
/// </summary>
public static class AnswerJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        MaxDepth = 16,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { PayloadAsRawText } },
    };

    /// <summary>The answer in <paramref name="json"/>, or null with <paramref name="problem"/> saying why it is not one.</summary>
    public static DpsResponse? Parse(string json, out string? problem)
    {
        try
        {
            DpsResponse? body = JsonSerializer.Deserialize<DpsResponse>(json, Options);
            problem = body is null ? "the answer is JSON null, not an object" : null;
            return body;
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : string.Empty;
            problem = "the answer is not the JSON DPS sends" + where + (e.Path is { Length: > 1 } path ? $" ({path})" : string.Empty);
            return null;
        }
    }

    private static void PayloadAsRawText(JsonTypeInfo info)
    {
        if (info.Type != typeof(DpsRegistrationState))
        {
            return;
        }

        foreach (JsonPropertyInfo property in info.Properties)
        {
            if (property.Name == nameof(DpsRegistrationState.PayloadJson))
            {
                property.Name = "payload";
                property.CustomConverter = new RawJsonText();
            }
        }
    }

    /// <summary>Reads any JSON value as its text (null stays null); writes text back as raw JSON.</summary>
    private sealed class RawJsonText : JsonConverter<string>
    {
        public override bool HandleNull => true;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            using JsonDocument value = JsonDocument.ParseValue(ref reader);
            return value.RootElement.GetRawText();
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteRawValue(value);
    }
}
