namespace NanoDps.Emulator;

/// <summary>
/// The emulator's enrollments: symmetric-key enrollment groups and individual enrollments of one
/// id scope. They live in the store (<c>registrations.db</c>) and in memory: a change is committed
/// to the store first and then takes effect at once for devices (write-through; the register path
/// never queries the database). A new hub name is added to the server certificate before the change
/// returns, and <c>enrollments.json</c> is rewritten shortly after (an export).
/// </summary>
/// <remarks>
/// Thread-safe: readers see an immutable snapshot, writers are serialised. Every change gives the
/// changed enrollment a new <see cref="Enrollment.ETag"/> and <see cref="Enrollment.LastUpdatedUtc"/>.
/// The synchronous methods wait for the commit; the <c>Async</c> ones do not block a thread.
/// </remarks>
public sealed class EnrollmentManager
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly RegistrationStore? _store;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<string> _linkedHubs;
    private readonly Dictionary<string, long> _groupPositions = new(StringComparer.OrdinalIgnoreCase);
    private long _nextPosition;
    private volatile EnrollmentSnapshot _snapshot;

    /// <param name="idScope">The id scope.</param>
    /// <param name="groups">The groups, in the order they are tried.</param>
    /// <param name="individuals">The individual enrollments.</param>
    /// <param name="store">Where changes are committed; null keeps them in memory only.</param>
    /// <param name="time">Clock of the timestamps.</param>
    /// <param name="linkedHubs">The hubs of an enrollment that names none.</param>
    /// <param name="groupPositions">The stored position of each group (same order as <paramref name="groups"/>); null: 0, 1, 2...</param>
    /// <exception cref="ArgumentException">An invalid id scope, key, id or hub name, or an id twice.</exception>
    internal EnrollmentManager(
        string idScope,
        IEnumerable<EnrollmentGroup> groups,
        IEnumerable<IndividualEnrollment> individuals,
        RegistrationStore? store,
        TimeProvider time,
        IReadOnlyList<string> linkedHubs,
        IReadOnlyList<long>? groupPositions = null)
    {
        if (!Identifiers.IsValidIdScope(idScope))
        {
            throw new ArgumentException($"'{idScope}' is not a usable id scope (non-empty ASCII, no '/').", nameof(idScope));
        }

        IdScope = idScope;
        _store = store;
        _time = time;
        _linkedHubs = linkedHubs;
        var groupList = new List<EnrollmentGroup>();
        foreach (var group in groups)
        {
            Validate(group);
            if (groupList.Any(g => SameId(g.EnrollmentGroupId, group.EnrollmentGroupId)))
            {
                throw new ArgumentException($"Enrollment group '{group.EnrollmentGroupId}' appears twice.");
            }

            _groupPositions[group.EnrollmentGroupId] = groupPositions?[groupList.Count] ?? groupList.Count;
            groupList.Add(group);
        }

        _nextPosition = _groupPositions.Count == 0 ? 0 : _groupPositions.Values.Max() + 1;
        var individualList = new List<IndividualEnrollment>();
        foreach (var individual in individuals)
        {
            Validate(individual);
            if (individualList.Any(i => SameId(i.RegistrationId, individual.RegistrationId)))
            {
                throw new ArgumentException($"Individual enrollment '{individual.RegistrationId}' appears twice.");
            }

            individualList.Add(individual);
        }

        _snapshot = new EnrollmentSnapshot([.. groupList], [.. individualList], linkedHubs);
    }

    /// <summary>The id scope of this emulator instance.</summary>
    public string IdScope { get; }

    /// <summary>The enrollment groups, in the order they are tried.</summary>
    public IReadOnlyList<EnrollmentGroup> Groups => _snapshot.Groups;

    /// <summary>The individual enrollments.</summary>
    public IReadOnlyList<IndividualEnrollment> Individuals => _snapshot.Individuals;

    /// <summary>Every hub host name an enrollment can assign, the linked hubs included (lower case, sorted).</summary>
    public IReadOnlyList<string> HubNames => _snapshot.HubNames;

    /// <summary>Raised (under the write lock) after the set of hub names changed.</summary>
    internal event Action<IReadOnlyList<string>>? HubNamesChanged;

    /// <summary>Raised (under the write lock) after every committed change.</summary>
    internal event Action? Changed;

    internal EnrollmentSnapshot Current => _snapshot;

    /// <summary>Adds a group, or replaces the group with the same id; completes once committed.</summary>
    /// <exception cref="ArgumentException">A key is not base64 of 16-64 bytes, or a hub name is not a DNS name.</exception>
    /// <returns>The group as stored (with its etag and timestamps).</returns>
    public async Task<EnrollmentGroup> AddOrUpdateGroupAsync(EnrollmentGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        Validate(group);
        return (await PutAsync(GroupSide.Instance, group, null).ConfigureAwait(false)).Stored!;
    }

    /// <summary>Adds an individual enrollment, or replaces the one with the same registration id; completes once committed.</summary>
    /// <exception cref="ArgumentException">A key, the registration id or a hub name is invalid.</exception>
    /// <returns>The enrollment as stored (with its etag and timestamps).</returns>
    public async Task<IndividualEnrollment> AddOrUpdateIndividualAsync(IndividualEnrollment enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        Validate(enrollment);
        return (await PutAsync(IndividualSide.Instance, enrollment, null).ConfigureAwait(false)).Stored!;
    }

    /// <summary>Removes an individual enrollment and the registration record of its device; true when it existed.</summary>
    public async Task<bool> RemoveIndividualAsync(string registrationId) =>
        await DeleteAsync(IndividualSide.Instance, registrationId, null).ConfigureAwait(false) == ChangeOutcome.Done;

    /// <summary>Enables or disables a group.</summary>
    /// <exception cref="KeyNotFoundException">No such group.</exception>
    public Task SetGroupEnabledAsync(string enrollmentGroupId, bool enabled) =>
        SetEnabledAsync(GroupSide.Instance, enrollmentGroupId, g => g with { Enabled = enabled }, $"No enrollment group '{enrollmentGroupId}'.");

    /// <summary>Enables or disables an individual enrollment.</summary>
    /// <exception cref="KeyNotFoundException">No such enrollment.</exception>
    public Task SetIndividualEnabledAsync(string registrationId, bool enabled) =>
        SetEnabledAsync(IndividualSide.Instance, registrationId, i => i with { Enabled = enabled }, $"No individual enrollment '{registrationId}'.");

    /// <summary>Creates or replaces a group if <paramref name="ifMatch"/> allows it (the service API's PUT).</summary>
    internal Task<(ChangeOutcome Outcome, EnrollmentGroup? Stored)> PutGroupAsync(EnrollmentGroup group, IfMatch? ifMatch) =>
        PutAsync(GroupSide.Instance, group, ifMatch);

    /// <summary>Creates or replaces an individual enrollment if <paramref name="ifMatch"/> allows it.</summary>
    internal Task<(ChangeOutcome Outcome, IndividualEnrollment? Stored)> PutIndividualAsync(IndividualEnrollment enrollment, IfMatch? ifMatch) =>
        PutAsync(IndividualSide.Instance, enrollment, ifMatch);

    /// <summary>Deletes a group if <paramref name="ifMatch"/> allows it (the service API's DELETE).</summary>
    internal Task<ChangeOutcome> DeleteGroupAsync(string enrollmentGroupId, IfMatch? ifMatch) => DeleteAsync(GroupSide.Instance, enrollmentGroupId, ifMatch);

    /// <summary>Deletes an individual enrollment (and its device's registration record) if <paramref name="ifMatch"/> allows it.</summary>
    internal Task<ChangeOutcome> DeleteIndividualAsync(string registrationId, IfMatch? ifMatch) => DeleteAsync(IndividualSide.Instance, registrationId, ifMatch);

    /// <summary>A bulk operation on groups: each item on its own, all committed together; the outcome of each item.</summary>
    internal Task<ChangeOutcome[]> BulkGroupsAsync(BulkMode mode, IReadOnlyList<BulkItem<EnrollmentGroup>> items) => BulkAsync(GroupSide.Instance, mode, items);

    /// <summary>A bulk operation on individual enrollments (the service API's <c>POST /enrollments</c>).</summary>
    internal Task<ChangeOutcome[]> BulkIndividualsAsync(BulkMode mode, IReadOnlyList<BulkItem<IndividualEnrollment>> items) => BulkAsync(IndividualSide.Instance, mode, items);

    /// <summary>Checks a group as the library and enrollments.json require it.</summary>
    internal static void Validate(EnrollmentGroup group)
    {
        if (string.IsNullOrWhiteSpace(group.EnrollmentGroupId))
        {
            throw new ArgumentException("An enrollment group needs an EnrollmentGroupId.");
        }

        ValidateKeysAndHubs($"enrollment group '{group.EnrollmentGroupId}'", group);
    }

    /// <summary>Checks an individual enrollment as the library and enrollments.json require it.</summary>
    internal static void Validate(IndividualEnrollment enrollment)
    {
        if (!Identifiers.IsValidRegistrationId(enrollment.RegistrationId))
        {
            throw new ArgumentException($"'{enrollment.RegistrationId}' is not a valid registration id.");
        }

        if (enrollment.DeviceId is { } deviceId && !Identifiers.IsValidRegistrationId(deviceId))
        {
            throw new ArgumentException($"'{deviceId}' is not a valid device id.");
        }

        ValidateKeysAndHubs($"individual enrollment '{enrollment.RegistrationId}'", enrollment);
    }

    private static bool SameId(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The most hubs one enrollment may list: the IoT hubs an Azure DPS instance can link.</summary>
    public const int MaxIotHubs = 50;

    private static void ValidateKeysAndHubs(string what, Enrollment enrollment)
    {
        if (!SymmetricKeys.IsValidKey(enrollment.PrimaryKey))
        {
            throw new ArgumentException($"The primary key of {what} is not base64 of 16 to 64 bytes.");
        }

        if (enrollment.SecondaryKey is not null && !SymmetricKeys.IsValidKey(enrollment.SecondaryKey))
        {
            throw new ArgumentException($"The secondary key of {what} is not base64 of 16 to 64 bytes.");
        }

        ArgumentNullException.ThrowIfNull(enrollment.IotHubs);
        if (enrollment.IotHubs.Count > MaxIotHubs)
        {
            // Each hub name goes into the server certificate: thousands of them outgrow a board's TLS buffer.
            throw new ArgumentException($"{what} lists {enrollment.IotHubs.Count} iotHubs; at most {MaxIotHubs}, as many as Azure DPS links: list the hubs its devices may use.");
        }

        foreach (var hub in enrollment.IotHubHostName is null ? enrollment.IotHubs : enrollment.IotHubs.Append(enrollment.IotHubHostName))
        {
            if (!Identifiers.IsValidHostName(hub))
            {
                throw new ArgumentException($"'{hub}' in {what} is not a DNS host name.");
            }
        }
    }

    private async Task<(ChangeOutcome Outcome, T? Stored)> PutAsync<T>(Side<T> side, T enrollment, IfMatch? ifMatch)
        where T : Enrollment =>
        await ChangeAsync(draft =>
        {
            var existing = side.Find(draft, enrollment.Id);
            if (ifMatch is not null && (existing is null || !ifMatch.Matches(existing.ETag)))
            {
                return (ChangeOutcome.PreconditionFailed, (T?)null);
            }

            return (ChangeOutcome.Done, draft.Put(side, enrollment, existing));
        }).ConfigureAwait(false);

    private Task<ChangeOutcome> DeleteAsync<T>(Side<T> side, string id, IfMatch? ifMatch)
        where T : Enrollment =>
        ChangeAsync(draft =>
        {
            var existing = side.Find(draft, id);
            if (existing is null)
            {
                return ChangeOutcome.NotFound;
            }

            if (ifMatch is not null && !ifMatch.Matches(existing.ETag))
            {
                return ChangeOutcome.PreconditionFailed;
            }

            draft.Remove(side, existing.Id);
            return ChangeOutcome.Done;
        });

    private async Task SetEnabledAsync<T>(Side<T> side, string id, Func<T, T> change, string missing)
        where T : Enrollment
    {
        var found = await ChangeAsync(draft =>
        {
            var existing = side.Find(draft, id);
            if (existing is not null)
            {
                draft.Put(side, change(existing), existing);
            }

            return existing is not null;
        }).ConfigureAwait(false);
        if (!found)
        {
            throw new KeyNotFoundException(missing);
        }
    }

    private Task<ChangeOutcome[]> BulkAsync<T>(Side<T> side, BulkMode mode, IReadOnlyList<BulkItem<T>> items)
        where T : Enrollment =>
        ChangeAsync(draft =>
        {
            var outcomes = new ChangeOutcome[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var existing = side.Find(draft, item.Id);
                outcomes[i] = (mode, existing) switch
                {
                    (BulkMode.Create, not null) => ChangeOutcome.AlreadyExists,
                    (BulkMode.UpdateIfMatchETag or BulkMode.Delete, null) => ChangeOutcome.NotFound,
                    (BulkMode.UpdateIfMatchETag, _) when item.ETag is null || !IfMatch.Of(item.ETag).Matches(existing!.ETag) => ChangeOutcome.PreconditionFailed,
                    _ => ChangeOutcome.Done,
                };
                if (outcomes[i] != ChangeOutcome.Done)
                {
                    continue;
                }

                if (mode == BulkMode.Delete)
                {
                    draft.Remove(side, existing!.Id);
                }
                else
                {
                    draft.Put(side, item.Enrollment!, existing);
                }
            }

            return outcomes;
        });

    /// <summary>
    /// Decides a change on a draft of the current enrollments, commits what it changed, then
    /// publishes the new snapshot (commit, then take effect, then answer).
    /// </summary>
    private async Task<TResult> ChangeAsync<TResult>(Func<Draft, TResult> decide)
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var before = _snapshot;
            var draft = new Draft(this, before, _time.GetUtcNow());
            var result = decide(draft);
            if (!draft.Changed)
            {
                return result;
            }

            if (_store is not null)
            {
                await _store.SaveEnrollmentsAsync(draft.Write()).ConfigureAwait(false);
            }

            var after = new EnrollmentSnapshot([.. draft.Groups], [.. draft.Individuals], _linkedHubs);
            _snapshot = after;
            if (!before.HubNames.SequenceEqual(after.HubNames))
            {
                HubNamesChanged?.Invoke(after.HubNames);
            }

            Changed?.Invoke();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private long PositionOf(string enrollmentGroupId)
    {
        if (!_groupPositions.TryGetValue(enrollmentGroupId, out var position))
        {
            position = _nextPosition++;
            _groupPositions[enrollmentGroupId] = position;
        }

        return position;
    }

    /// <summary>The enrollments being changed, and the rows that change.</summary>
    private sealed class Draft(EnrollmentManager owner, EnrollmentSnapshot snapshot, DateTimeOffset now)
    {
        public List<EnrollmentGroup> Groups { get; } = [.. snapshot.Groups];

        public List<IndividualEnrollment> Individuals { get; } = [.. snapshot.Individuals];

        public bool Changed { get; private set; }

        public Dictionary<string, EnrollmentGroup?> GroupChanges { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, IndividualEnrollment?> IndividualChanges { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Stores <paramref name="enrollment"/> with a new etag, keeping the creation time of <paramref name="existing"/>.</summary>
        public T Put<T>(Side<T> side, T enrollment, T? existing)
            where T : Enrollment
        {
            var stamped = (T)((Enrollment)enrollment with { ETag = ETags.New(), CreatedUtc = existing?.CreatedUtc ?? now, LastUpdatedUtc = now });
            side.Replace(this, stamped.Id, stamped);
            Changed = true;
            return stamped;
        }

        public void Remove<T>(Side<T> side, string id)
            where T : Enrollment
        {
            side.Replace(this, id, null);
            Changed = true;
        }

        public EnrollmentWrite Write()
        {
            // A deleted group loses its place: made again, it is tried last, in memory and after a restart alike.
            var groupDeletes = GroupChanges.Where(c => c.Value is null).Select(c => c.Key).ToList();
            groupDeletes.ForEach(id => owner._groupPositions.Remove(id));
            return new()
            {
                GroupUpserts = [.. GroupChanges.Values.OfType<EnrollmentGroup>()
                    .Select(g => (g.EnrollmentGroupId.ToLowerInvariant(), owner.PositionOf(g.EnrollmentGroupId), EnrollmentsFile.Row(g)))],
                GroupDeletes = [.. groupDeletes.Select(id => id.ToLowerInvariant())],
                IndividualUpserts = [.. IndividualChanges.Values.OfType<IndividualEnrollment>()
                    .Select(i => (i.RegistrationId.ToLowerInvariant(), EnrollmentsFile.Row(i)))],
                IndividualDeletes = [.. IndividualChanges.Where(c => c.Value is null).Select(c => c.Key.ToLowerInvariant())],

                // Choice (docs/emulator.md): an individual enrollment embeds its registration state, so they go together.
                RegistrationDeletes = [.. IndividualChanges.Where(c => c.Value is null).Select(c => c.Key)],
            };
        }
    }

    /// <summary>What the generic changes need to know of groups and of individual enrollments.</summary>
    private abstract class Side<T>
        where T : Enrollment
    {
        public abstract T? Find(Draft draft, string id);

        /// <summary>Replaces (or adds, or with null removes) the enrollment of <paramref name="id"/> in the draft.</summary>
        public abstract void Replace(Draft draft, string id, T? enrollment);

        protected static void Replace<TItem>(List<TItem> list, Func<TItem, bool> isIt, TItem? item)
            where TItem : class
        {
            var index = list.FindIndex(x => isIt(x));
            if (item is null)
            {
                if (index >= 0)
                {
                    list.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                list[index] = item;
            }
            else
            {
                list.Add(item);
            }
        }
    }

    private sealed class GroupSide : Side<EnrollmentGroup>
    {
        public static readonly GroupSide Instance = new();

        public override EnrollmentGroup? Find(Draft draft, string id) => draft.Groups.Find(g => SameId(g.EnrollmentGroupId, id));

        public override void Replace(Draft draft, string id, EnrollmentGroup? enrollment)
        {
            Replace(draft.Groups, g => SameId(g.EnrollmentGroupId, id), enrollment);
            draft.GroupChanges[id] = enrollment;
        }
    }

    private sealed class IndividualSide : Side<IndividualEnrollment>
    {
        public static readonly IndividualSide Instance = new();

        public override IndividualEnrollment? Find(Draft draft, string id) => draft.Individuals.Find(i => SameId(i.RegistrationId, id));

        public override void Replace(Draft draft, string id, IndividualEnrollment? enrollment)
        {
            Replace(draft.Individuals, i => SameId(i.RegistrationId, id), enrollment);
            draft.IndividualChanges[id] = enrollment;
        }
    }
}
