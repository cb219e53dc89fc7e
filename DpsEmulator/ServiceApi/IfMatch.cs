using Microsoft.Extensions.Primitives;

namespace NanoDps.Emulator;

/// <summary>
/// An <c>If-Match</c> header as RFC 7232 reads it: <c>*</c>, or a comma-separated list of etags, each
/// maybe weak (<c>W/</c>) and quoted. Clients send all three forms: Node the raw etag, C# the etag
/// in quotes, the Azure CLI <c>*</c>.
/// </summary>
internal sealed class IfMatch
{
    private readonly string[] _tags;

    private IfMatch(bool any, string[] tags)
    {
        Any = any;
        _tags = tags;
    }

    /// <summary>True for <c>*</c>: any existing resource matches.</summary>
    public bool Any { get; }

    /// <summary>The header, or null when it is absent or blank (an unconditional request).</summary>
    public static IfMatch? Parse(StringValues header)
    {
        var tags = new List<string>();
        foreach (var value in header)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == "*")
                {
                    return new IfMatch(true, []);
                }

                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                if (tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"')
                {
                    tag = tag[1..^1];
                }

                tags.Add(tag);
            }
        }

        return tags.Count == 0 ? null : new IfMatch(false, [.. tags]);
    }

    /// <summary>An <c>If-Match</c> of one etag (a bulk item's <c>etag</c>).</summary>
    public static IfMatch Of(string etag) => new(false, [etag]);

    /// <summary>True when the current etag of an existing resource matches (ordinal comparison).</summary>
    public bool Matches(string? currentETag) =>
        Any || (currentETag is not null && Array.IndexOf(_tags, currentETag) >= 0);
}
