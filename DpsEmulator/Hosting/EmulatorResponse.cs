namespace NanoDps.Emulator;

/// <summary>An answer the handlers produce before it is written, so faults can alter it.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Body">UTF-8 body, or empty.</param>
/// <param name="RetryAfterSeconds">Retry-After header value, or null for none.</param>
/// <param name="Detail">Why (for the request log and ILogger; never sent).</param>
internal sealed record EmulatorResponse(int Status, byte[] Body, int? RetryAfterSeconds = null, string? Detail = null)
{
    /// <summary>Allow header value for 405 answers.</summary>
    public string? Allow { get; init; }

    /// <summary>Further headers (the service API's query paging headers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }
}
