namespace NanoDps.Emulator;

/// <summary>
/// One change of the enrollments as the store commits it, in one transaction with whatever else is
/// queued: rows to write or delete (each row is an enrollment document, <see cref="EnrollmentsFile.Row(EnrollmentGroup)"/>),
/// registration records that go with a deleted enrollment, and settings (id scope, export bookkeeping).
/// </summary>
internal sealed class EnrollmentWrite
{
    /// <summary>Delete every enrollment row first (an import replaces them all).</summary>
    public bool ReplaceAll { get; init; }

    /// <summary>Groups to insert or replace: lower-case id, position (the order groups are tried in), document.</summary>
    public IReadOnlyList<(string Key, long Position, string Row)> GroupUpserts { get; init; } = [];

    /// <summary>Lower-case ids of groups to delete.</summary>
    public IReadOnlyList<string> GroupDeletes { get; init; } = [];

    /// <summary>Individual enrollments to insert or replace: lower-case registration id, document.</summary>
    public IReadOnlyList<(string Key, string Row)> IndividualUpserts { get; init; } = [];

    /// <summary>Lower-case registration ids of individual enrollments to delete.</summary>
    public IReadOnlyList<string> IndividualDeletes { get; init; } = [];

    /// <summary>Registration ids whose registration record is deleted too.</summary>
    public IReadOnlyList<string> RegistrationDeletes { get; init; } = [];

    /// <summary>Settings to set (<see cref="StoredEnrollments"/> names them).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}

/// <summary>The enrollments as the store held them at open.</summary>
internal sealed record StoredEnrollments(
    string? IdScope,
    IReadOnlyList<(long Position, string Row)> Groups,
    IReadOnlyList<string> Individuals,
    string? ExportHash,
    string? PreviousExportHash,
    string? ContentHash)
{
    /// <summary>Setting: the id scope; its presence means the store holds the enrollments (they were imported or created).</summary>
    public const string IdScopeSetting = "id_scope";

    /// <summary>Setting: SHA-256 of the last enrollments.json the emulator wrote (or imported).</summary>
    public const string ExportHashSetting = "enrollments_json_sha256";

    /// <summary>Setting: the one before it (the file on disk while an export is being renamed into place).</summary>
    public const string PreviousExportHashSetting = "enrollments_json_previous_sha256";

    /// <summary>Setting: SHA-256 of the export text of the enrollments that file showed (it differs from the file's own for an imported hand-written file).</summary>
    public const string ContentHashSetting = "enrollments_json_content_sha256";

    /// <summary>True when the store holds the enrollments (a later start); false for a new or older database.</summary>
    public bool HoldsEnrollments => IdScope is not null;
}
