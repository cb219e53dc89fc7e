using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NanoDps.Emulator;

/// <summary>Writes the JSON bodies of every API with the service's escaping: '+', '/' and '=' of base64 values stay literal, as DPS sends them.</summary>
internal static class JsonBody
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One JSON value (object or array), written by <paramref name="value"/>.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> value)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            value(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One JSON object whose properties <paramref name="properties"/> writes.</summary>
    public static byte[] Object(Action<Utf8JsonWriter> properties) =>
        Write(w =>
        {
            w.WriteStartObject();
            properties(w);
            w.WriteEndObject();
        });
}
