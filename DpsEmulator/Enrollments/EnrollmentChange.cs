namespace NanoDps.Emulator;

/// <summary>What a conditional change of one enrollment did.</summary>
internal enum ChangeOutcome
{
    /// <summary>Created, replaced or deleted, and committed.</summary>
    Done,

    /// <summary>No such enrollment (delete, or a conditional update of a missing one in a bulk).</summary>
    NotFound,

    /// <summary><c>If-Match</c> did not match the current etag, or named a resource that does not exist (PUT).</summary>
    PreconditionFailed,

    /// <summary>A bulk <c>create</c> of an id that exists.</summary>
    AlreadyExists,
}

/// <summary>The bulk modes of the service API (<c>BulkEnrollmentOperation.mode</c>).</summary>
internal enum BulkMode
{
    Create,
    Update,
    UpdateIfMatchETag,
    Delete,
}

/// <summary>One item of a bulk operation: the enrollment (or, for a delete, at least its id) and the item's etag.</summary>
internal sealed record BulkItem<T>(string Id, T? Enrollment, string? ETag)
    where T : class;
