using System.Text.Json;

namespace NanoDps.Emulator;

/// <summary>
/// An enrollment's <c>customAllocationDefinition</c>: the webhook DPS POSTs the AllocationRequest to
/// (<c>webhookUrl</c>, an Azure Function's key in its <c>code</c> query as the portal writes it) and the
/// <c>apiVersion</c> of that request.
/// </summary>
public sealed record CustomAllocationDefinition(Uri WebhookUrl, string? ApiVersion)
{
    /// <summary>The definition of <paramref name="json"/> (the enrollment's object as text), or null when it has no usable webhookUrl.</summary>
    public static CustomAllocationDefinition? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? url = null;
        string? apiVersion = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("webhookUrl") && property.Value.ValueKind == JsonValueKind.String)
            {
                url = property.Value.GetString();
            }
            else if (property.NameEquals("apiVersion") && property.Value.ValueKind == JsonValueKind.String)
            {
                apiVersion = property.Value.GetString();
            }
        }

        return url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? new CustomAllocationDefinition(uri, apiVersion)
            : null;
    }

    /// <summary>What is wrong with <paramref name="e"/>'s custom allocation, as one sentence naming the field and the fix; null when nothing is.</summary>
    internal static string? Problem(Enrollment e) =>
        e.AllocationPolicy != AllocationPolicy.Custom || Parse(e.CustomAllocationDefinitionJson) is not null
            ? null
            : "allocationPolicy custom needs customAllocationDefinition.webhookUrl, an absolute http or https URL "
              + "(e.g. {\"webhookUrl\":\"http://localhost:7071/api/allocate?code=KEY\",\"apiVersion\":\"2021-10-01\"}).";

    /// <summary>The URL as it may be logged: an Azure Functions key in the <c>code</c> query is hidden.</summary>
    public static string Redacted(Uri url)
    {
        var text = url.GetLeftPart(UriPartial.Path);
        if (string.IsNullOrEmpty(url.Query))
        {
            return text;
        }

        var parts = url.Query.TrimStart('?').Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].StartsWith("code=", StringComparison.OrdinalIgnoreCase))
            {
                parts[i] = "code=***";
            }
        }

        return text + "?" + string.Join('&', parts);
    }
}
