using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace NanoDps.Emulator;

/// <summary>
/// The DPS service REST API, as the official service SDKs and <c>az iot dps</c> call it: individual
/// enrollments, enrollment groups and registration states (routes in docs/emulator.md), once
/// <see cref="RequestChecks"/> passed the request (api-version, ids, quota, service SAS token in
/// <see cref="ServiceAuthenticator"/>). Every answer that says something was stored is sent after the commit.
/// </summary>
internal sealed class ServiceApiHandler
{
    /// <summary>Largest body accepted: DPS's "maximum size of message".</summary>
    public const int MaxBodyBytes = 96 * 1024;

    /// <summary>Page size of a query without <c>x-ms-max-item-count</c>.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Largest page size; a larger <c>x-ms-max-item-count</c> gets this many.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Most items in one bulk operation, as DPS.</summary>
    public const int MaxBulkItems = 10;

    private const string ContinuationPrefix = "c1.";

    private readonly EnrollmentManager _enrollments;
    private readonly RegistrationStore _store;
    private readonly Assignments _assignments;
    private readonly ServiceErrors _errors;

    public ServiceApiHandler(EnrollmentManager enrollments, RegistrationStore store, Assignments assignments, ServiceErrors errors)
    {
        _enrollments = enrollments;
        _store = store;
        _assignments = assignments;
        _errors = errors;
    }

    /// <summary>Answers a request that passed <see cref="RequestChecks"/> (api-version, ids, quota, <see cref="ServiceAuthenticator"/>).</summary>
    public async Task<EmulatorResponse> HandleAsync(HttpRequest request, Route route)
    {
        var service = route.Service!;
        try
        {
            return (service.Resource, service.Action, request.Method) switch
            {
                (ServiceResource.IndividualEnrollment, ServiceAction.Item, "PUT") => await PutIndividualAsync(request, service.Id!).ConfigureAwait(false),
                (ServiceResource.IndividualEnrollment, ServiceAction.Item, "GET") => GetIndividual(service.Id!),
                (ServiceResource.IndividualEnrollment, ServiceAction.Item, _) => Deleted(
                    await _enrollments.DeleteIndividualAsync(service.Id!, IfMatch.Parse(request.Headers.IfMatch)).ConfigureAwait(false),
                    ServiceErrorCodes.EnrollmentNotFound, $"Individual enrollment '{service.Id}'"),
                (ServiceResource.IndividualEnrollment, ServiceAction.AttestationMechanism, _) => Attestation(
                    _enrollments.Current.FindIndividual(service.Id!) is { } i ? (i.PrimaryKey, i.SecondaryKey) : null, $"Individual enrollment '{service.Id}'"),
                (ServiceResource.IndividualEnrollment, ServiceAction.Query, _) => await QueryIndividualsAsync(request).ConfigureAwait(false),
                (ServiceResource.IndividualEnrollment, ServiceAction.Bulk, _) => await BulkAsync(request, IndividualBulk).ConfigureAwait(false),
                (ServiceResource.EnrollmentGroup, ServiceAction.Item, "PUT") => await PutGroupAsync(request, service.Id!).ConfigureAwait(false),
                (ServiceResource.EnrollmentGroup, ServiceAction.Item, "GET") => GetGroup(service.Id!),
                (ServiceResource.EnrollmentGroup, ServiceAction.Item, _) => Deleted(
                    await _enrollments.DeleteGroupAsync(service.Id!, IfMatch.Parse(request.Headers.IfMatch)).ConfigureAwait(false),
                    ServiceErrorCodes.EnrollmentNotFound, $"Enrollment group '{service.Id}'"),
                (ServiceResource.EnrollmentGroup, ServiceAction.AttestationMechanism, _) => Attestation(
                    _enrollments.Current.FindGroup(service.Id!) is { } g ? (g.PrimaryKey, g.SecondaryKey) : null, $"Enrollment group '{service.Id}'"),
                (ServiceResource.EnrollmentGroup, ServiceAction.Query, _) => await QueryGroupsAsync(request).ConfigureAwait(false),
                (ServiceResource.EnrollmentGroup, ServiceAction.Bulk, _) => await BulkAsync(request, GroupBulk).ConfigureAwait(false),
                (ServiceResource.Registration, ServiceAction.Item, "GET") => GetRegistration(service.Id!),
                (ServiceResource.Registration, ServiceAction.Item, _) => Deleted(
                    await _assignments.DeleteRegistrationAsync(service.Id!, IfMatch.Parse(request.Headers.IfMatch)).ConfigureAwait(false),
                    ServiceErrorCodes.RegistrationNotFound, $"Registration '{service.Id}'"),
                _ => QueryGroupRegistrations(request, service.Id!),
            };
        }
        catch (ServiceRefusal refusal)
        {
            return _errors.Error(refusal.Status, refusal.Code, refusal.Message, refusal.Message);
        }
    }

    private static EmulatorResponse Json(int status, Action<Utf8JsonWriter> body, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new(status, JsonBody.Write(body)) { Headers = headers };

    private EmulatorResponse PreconditionFailed(string what) =>
        _errors.Error(412, ServiceErrorCodes.PreconditionFailed,
            $"{what}: If-Match does not match its current etag (or it does not exist); GET it again for the current etag, or leave If-Match out to write unconditionally.",
            "etag mismatch");

    private EmulatorResponse NotFound(int code, string what) => _errors.Error(404, code, $"{what} not found.", "not found");

    private EmulatorResponse Deleted(ChangeOutcome outcome, int notFoundCode, string what) => outcome switch
    {
        ChangeOutcome.Done => new EmulatorResponse(204, [], null, "deleted"),
        ChangeOutcome.NotFound => NotFound(notFoundCode, what),
        _ => PreconditionFailed(what),
    };

    private async Task<EmulatorResponse> PutIndividualAsync(HttpRequest request, string id)
    {
        using var body = await ReadJsonAsync(request, required: true).ConfigureAwait(false);
        var enrollment = ServiceJson.ReadIndividual(body!.RootElement, id);
        var (outcome, stored) = await _enrollments.PutIndividualAsync(enrollment, IfMatch.Parse(request.Headers.IfMatch)).ConfigureAwait(false);
        return outcome == ChangeOutcome.Done
            ? Json(200, w => ServiceJson.WriteIndividual(w, stored!, withKeys: true, registration: null))
            : PreconditionFailed($"Individual enrollment '{id}'");
    }

    private async Task<EmulatorResponse> PutGroupAsync(HttpRequest request, string id)
    {
        using var body = await ReadJsonAsync(request, required: true).ConfigureAwait(false);
        var group = ServiceJson.ReadGroup(body!.RootElement, id);
        var (outcome, stored) = await _enrollments.PutGroupAsync(group, IfMatch.Parse(request.Headers.IfMatch)).ConfigureAwait(false);
        return outcome == ChangeOutcome.Done
            ? Json(200, w => ServiceJson.WriteGroup(w, stored!, withKeys: true))
            : PreconditionFailed($"Enrollment group '{id}'");
    }

    private EmulatorResponse GetIndividual(string id) =>
        _enrollments.Current.FindIndividual(id) is { } enrollment
            ? Json(200, w => ServiceJson.WriteIndividual(w, enrollment, withKeys: false, _store.Find(enrollment.RegistrationId)))
            : NotFound(ServiceErrorCodes.EnrollmentNotFound, $"Individual enrollment '{id}'");

    private EmulatorResponse GetGroup(string id) =>
        _enrollments.Current.FindGroup(id) is { } group
            ? Json(200, w => ServiceJson.WriteGroup(w, group, withKeys: false))
            : NotFound(ServiceErrorCodes.EnrollmentNotFound, $"Enrollment group '{id}'");

    private EmulatorResponse Attestation((string Primary, string? Secondary)? keys, string what) =>
        keys is var (primary, secondary)
            ? Json(200, w => ServiceJson.WriteAttestation(w, primary, secondary))
            : NotFound(ServiceErrorCodes.EnrollmentNotFound, what);

    private EmulatorResponse GetRegistration(string id) =>
        _store.Find(id) is { } record
            ? new EmulatorResponse(200, DpsJson.RegistrationState(RegistrationStateBody.From(record)))
            : NotFound(ServiceErrorCodes.RegistrationNotFound, $"Registration '{id}'");

    private async Task<EmulatorResponse> QueryIndividualsAsync(HttpRequest request)
    {
        await RequireQuerySpecificationAsync(request).ConfigureAwait(false);
        var (page, headers) = Page(request, _enrollments.Current.Individuals, i => i.RegistrationId, "enrollment");
        return Json(200, w => WriteArray(w, page, (x, e) => ServiceJson.WriteIndividual(x, e, withKeys: false, _store.Find(e.RegistrationId))), headers);
    }

    private async Task<EmulatorResponse> QueryGroupsAsync(HttpRequest request)
    {
        await RequireQuerySpecificationAsync(request).ConfigureAwait(false);
        var (page, headers) = Page(request, _enrollments.Current.Groups, g => g.EnrollmentGroupId, "enrollmentGroup");
        return Json(200, w => WriteArray(w, page, (x, g) => ServiceJson.WriteGroup(x, g, withKeys: false)), headers);
    }

    /// <summary>The registrations of a group; the body (optional: the CLI sends none) is not read.</summary>
    private EmulatorResponse QueryGroupRegistrations(HttpRequest request, string groupId)
    {
        if (_enrollments.Current.FindGroup(groupId) is null)
        {
            return NotFound(ServiceErrorCodes.EnrollmentNotFound, $"Enrollment group '{groupId}'");
        }

        var records = _store.All.Where(r => string.Equals(r.EnrollmentGroupId, groupId, StringComparison.OrdinalIgnoreCase));
        var (page, headers) = Page(request, records, r => r.RegistrationId, "deviceRegistration");
        return Json(200, w => WriteArray(w, page, (x, r) =>
        {
            x.WriteStartObject();
            DpsJson.WriteState(x, RegistrationStateBody.From(r));
            x.WriteEndObject();
        }), headers);
    }

    /// <summary>Enrollment queries need <c>{"query":"..."}</c>; any query text means "all" (the emulator has no query language).</summary>
    private static async Task RequireQuerySpecificationAsync(HttpRequest request)
    {
        using var body = await ReadJsonAsync(request, required: true).ConfigureAwait(false);
        var root = body!.RootElement;
        ServiceJson.RequireObject(root, "The body");
        if (ServiceJson.String(root, "query") is null)
        {
            throw ServiceJson.Invalid("query is required, e.g. {\"query\":\"SELECT * FROM enrollments\"}.");
        }
    }

    private static void WriteArray<T>(Utf8JsonWriter w, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartArray();
        foreach (var item in items)
        {
            write(w, item);
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// One page, by id (ordinal, ignoring case, so a token survives concurrent writes), and the paging
    /// headers: <c>x-ms-continuation</c> only when more items follow (an empty one makes SDKs start over).
    /// </summary>
    private static (IReadOnlyList<T> Page, IReadOnlyList<KeyValuePair<string, string>> Headers) Page<T>(
        HttpRequest request, IEnumerable<T> items, Func<T, string> idOf, string itemType)
    {
        var size = PageSize(request.Headers["x-ms-max-item-count"].ToString());
        var after = Continuation(request.Headers["x-ms-continuation"].ToString());
        var page = items
            .Where(i => after is null || StringComparer.OrdinalIgnoreCase.Compare(idOf(i), after) > 0)
            .Order(Comparer<T>.Create((a, b) => StringComparer.OrdinalIgnoreCase.Compare(idOf(a), idOf(b))))
            .Take(size + 1)
            .ToList();
        var headers = new List<KeyValuePair<string, string>>
        {
            new("x-ms-item-type", itemType),
            new("x-ms-max-item-count", size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (page.Count > size)
        {
            page.RemoveAt(size);
            headers.Add(new("x-ms-continuation", ContinuationPrefix + Base64Url(Encoding.UTF8.GetBytes(idOf(page[^1])))));
        }

        return (page, headers);
    }

    private static int PageSize(string header)
    {
        if (header.Length == 0)
        {
            return DefaultPageSize;
        }

        if (!int.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
        {
            throw new ServiceRefusal(ServiceErrorCodes.InvalidPaging, $"x-ms-max-item-count must be a whole number of 0 or more (got '{header}'); 0 or none means {DefaultPageSize}.");
        }

        return size == 0 ? DefaultPageSize : Math.Min(size, MaxPageSize);
    }

    private static string? Continuation(string header)
    {
        if (header.Length == 0)
        {
            return null;
        }

        var bad = new ServiceRefusal(ServiceErrorCodes.InvalidPaging, "x-ms-continuation is not a token this emulator issued; send the x-ms-continuation of the previous page, or none for the first page.");
        if (!header.StartsWith(ContinuationPrefix, StringComparison.Ordinal))
        {
            throw bad;
        }

        try
        {
            var text = header[ContinuationPrefix.Length..].Replace('-', '+').Replace('_', '/');
            var bytes = Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
            return System.Text.Unicode.Utf8.IsValid(bytes) && bytes.Length > 0 ? Encoding.UTF8.GetString(bytes) : throw bad;
        }
        catch (FormatException)
        {
            throw bad;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// The body as JSON. Too large: 413; present with a non-JSON Content-Type: 415 (never for an empty
    /// body: the attestation call sends none); missing when <paramref name="required"/>, not UTF-8 or
    /// not JSON: 400.
    /// </summary>
    private static async Task<JsonDocument?> ReadJsonAsync(HttpRequest request, bool required)
    {
        var (body, tooLarge) = await DpsHandler.ReadBodyAsync(request, MaxBodyBytes).ConfigureAwait(false);
        if (tooLarge)
        {
            throw new ServiceRefusal(DpsErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBodyBytes / 1024} KB.");
        }

        if (body.Length == 0)
        {
            return required ? throw ServiceJson.Invalid("A JSON body is required.") : null;
        }

        if (request.ContentType is not null && !DpsHandler.IsJson(request.ContentType))
        {
            throw new ServiceRefusal(DpsErrorCodes.UnsupportedMediaType, "The body must be application/json.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw ServiceJson.Invalid("The body is not valid UTF-8.");
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw ServiceJson.Invalid($"The body is not valid JSON ({e.Message}).");
        }
    }

    private static BulkKind<IndividualEnrollment> IndividualBulk { get; } = new(
        "enrollments", "registrationId", DpsErrorCodes.InvalidRegistrationId, ServiceJson.ReadIndividual, (m, mode, items) => m.BulkIndividualsAsync(mode, items));

    private static BulkKind<EnrollmentGroup> GroupBulk { get; } = new(
        "enrollmentGroups", "enrollmentGroupId", ServiceErrorCodes.InvalidEnrollmentGroupId, ServiceJson.ReadGroup, (m, mode, items) => m.BulkGroupsAsync(mode, items));

    /// <summary>
    /// A bulk operation: up to 10 items, each validated and applied on its own (a bad item fails
    /// alone), all committed together; 200 with the items that failed.
    /// </summary>
    private async Task<EmulatorResponse> BulkAsync<T>(HttpRequest request, BulkKind<T> kind)
        where T : class
    {
        using var body = await ReadJsonAsync(request, required: true).ConfigureAwait(false);
        var root = body!.RootElement;
        ServiceJson.RequireObject(root, "The body");
        var modeText = ServiceJson.String(root, "mode");
        var mode = modeText?.ToLowerInvariant() switch
        {
            "create" => BulkMode.Create,
            "update" => BulkMode.Update,
            "updateifmatchetag" => BulkMode.UpdateIfMatchETag,
            "delete" => BulkMode.Delete,
            _ => throw new ServiceRefusal(ServiceErrorCodes.InvalidBulkOperation, $"mode must be create, update, updateIfMatchETag or delete (got {(modeText is null ? "none" : $"\"{modeText}\"")})."),
        };
        if (ServiceJson.Value(root, kind.ListName) is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() is 0 or > MaxBulkItems)
        {
            throw new ServiceRefusal(ServiceErrorCodes.InvalidBulkOperation, $"{kind.ListName} must be an array of 1 to {MaxBulkItems} items.");
        }

        var ids = list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object && ServiceJson.Value(e, kind.IdName) is { ValueKind: JsonValueKind.String } id ? id.GetString()! : string.Empty).ToList();
        if (ids.Where(id => id.Length > 0).GroupBy(id => id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ServiceRefusal(ServiceErrorCodes.InvalidBulkOperation, $"{kind.IdName} '{twice.Key}' appears more than once; each item needs its own id.");
        }

        var errors = new List<(int Index, string Id, int Code, string Message)>();
        var valid = new List<BulkItem<T>>();
        var validIndex = new List<int>();
        var items = list.EnumerateArray().ToList();
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                if (ids[i].Length == 0)
                {
                    throw ServiceJson.Invalid($"{kind.ListName}[{i}] needs a string {kind.IdName}.");
                }

                if (!Identifiers.IsValidRegistrationId(ids[i]))
                {
                    throw new ServiceRefusal(kind.InvalidIdCode, $"{kind.IdName} '{ids[i]}' is not valid: 1 to 128 letters, digits and - . _ :, starting and ending with a letter or digit.");
                }

                var etag = ServiceJson.String(items[i], "etag");
                valid.Add(new BulkItem<T>(ids[i], mode == BulkMode.Delete ? null : kind.Read(items[i], ids[i]), etag));
                validIndex.Add(i);
            }
            catch (ServiceRefusal refusal)
            {
                errors.Add((i, ids[i], refusal.Code, refusal.Message));
            }
        }

        var outcomes = valid.Count == 0 ? [] : await kind.Apply(_enrollments, mode, valid).ConfigureAwait(false);
        for (var i = 0; i < valid.Count; i++)
        {
            var id = valid[i].Id;
            (int, string)? error = outcomes[i] switch
            {
                ChangeOutcome.AlreadyExists => (ServiceErrorCodes.AlreadyExists, $"'{id}' already exists; use mode update to replace it."),
                ChangeOutcome.NotFound => (ServiceErrorCodes.EnrollmentNotFound, $"'{id}' not found."),
                ChangeOutcome.PreconditionFailed => (ServiceErrorCodes.PreconditionFailed, $"The etag of '{id}' does not match its current etag."),
                _ => null,
            };
            if (error is var (code, message))
            {
                errors.Add((validIndex[i], id, code, message));
            }
        }

        errors.Sort((a, b) => a.Index.CompareTo(b.Index));
        return Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("isSuccessful", errors.Count == 0);
            w.WriteStartArray("errors");
            foreach (var (_, id, code, message) in errors)
            {
                w.WriteStartObject();
                w.WriteString(kind.IdName, id);
                w.WriteNumber("errorCode", code);
                w.WriteString("errorStatus", message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>What a bulk operation differs in for individual enrollments and groups.</summary>
    private sealed record BulkKind<T>(
        string ListName,
        string IdName,
        int InvalidIdCode,
        Func<JsonElement, string, T> Read,
        Func<EnrollmentManager, BulkMode, IReadOnlyList<BulkItem<T>>, Task<ChangeOutcome[]>> Apply)
        where T : class;
}
