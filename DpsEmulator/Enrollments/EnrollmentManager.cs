namespace NanoDps.Emulator;

/// <summary>
/// The emulator's enrollments: symmetric-key enrollment groups and individual enrollments of one
/// id scope. Changes take effect at once, are saved to <c>enrollments.json</c> in the data folder,
/// and a new hub name is added to the server certificate before the change returns.
/// </summary>
/// <remarks>Thread-safe: readers see an immutable snapshot, writers are serialised.</remarks>
public sealed class EnrollmentManager
{
    private readonly Lock _writeLock = new();
    private readonly string? _filePath;
    private volatile EnrollmentSnapshot _snapshot;

    internal EnrollmentManager(string idScope, IEnumerable<EnrollmentGroup> groups, IEnumerable<IndividualEnrollment> individuals, string? filePath)
    {
        if (!Identifiers.IsValidIdScope(idScope))
        {
            throw new ArgumentException($"'{idScope}' is not a usable id scope (non-empty ASCII, no '/').", nameof(idScope));
        }

        IdScope = idScope;
        _filePath = filePath;
        var groupList = new List<EnrollmentGroup>();
        foreach (var group in groups)
        {
            Validate(group);
            if (groupList.Any(g => SameId(g.EnrollmentGroupId, group.EnrollmentGroupId)))
            {
                throw new ArgumentException($"Enrollment group '{group.EnrollmentGroupId}' appears twice.");
            }

            groupList.Add(group);
        }

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

        _snapshot = new EnrollmentSnapshot([.. groupList], [.. individualList]);
    }

    /// <summary>The id scope of this emulator instance.</summary>
    public string IdScope { get; }

    /// <summary>The enrollment groups, in the order they are tried.</summary>
    public IReadOnlyList<EnrollmentGroup> Groups => _snapshot.Groups;

    /// <summary>The individual enrollments.</summary>
    public IReadOnlyList<IndividualEnrollment> Individuals => _snapshot.Individuals;

    /// <summary>Every hub host name linked by any enrollment (lower case, sorted).</summary>
    public IReadOnlyList<string> HubNames => _snapshot.HubNames;

    /// <summary>Raised (under the write lock) after the set of hub names changed.</summary>
    internal event Action<IReadOnlyList<string>>? HubNamesChanged;

    internal EnrollmentSnapshot Current => _snapshot;

    /// <summary>Adds a group, or replaces the group with the same id.</summary>
    /// <exception cref="ArgumentException">A key is not base64 of 16-64 bytes, or a hub name is not a DNS name.</exception>
    public void AddOrUpdateGroup(EnrollmentGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        Validate(group);
        Change(s =>
        {
            var groups = s.Groups.ToList();
            var index = groups.FindIndex(g => SameId(g.EnrollmentGroupId, group.EnrollmentGroupId));
            if (index >= 0)
            {
                groups[index] = group;
            }
            else
            {
                groups.Add(group);
            }

            return ([.. groups], s.Individuals);
        });
    }

    /// <summary>Adds an individual enrollment, or replaces the one with the same registration id.</summary>
    /// <exception cref="ArgumentException">A key, the registration id or a hub name is invalid.</exception>
    public void AddOrUpdateIndividual(IndividualEnrollment enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        Validate(enrollment);
        Change(s =>
        {
            var list = s.Individuals.ToList();
            var index = list.FindIndex(i => SameId(i.RegistrationId, enrollment.RegistrationId));
            if (index >= 0)
            {
                list[index] = enrollment;
            }
            else
            {
                list.Add(enrollment);
            }

            return (s.Groups, [.. list]);
        });
    }

    /// <summary>Removes a group; true when it existed.</summary>
    public bool RemoveGroup(string enrollmentGroupId)
    {
        var removed = false;
        Change(s =>
        {
            var groups = s.Groups.Where(g => !SameId(g.EnrollmentGroupId, enrollmentGroupId)).ToArray();
            removed = groups.Length != s.Groups.Length;
            return (groups, s.Individuals);
        });
        return removed;
    }

    /// <summary>Removes an individual enrollment; true when it existed.</summary>
    public bool RemoveIndividual(string registrationId)
    {
        var removed = false;
        Change(s =>
        {
            var list = s.Individuals.Where(i => !SameId(i.RegistrationId, registrationId)).ToArray();
            removed = list.Length != s.Individuals.Length;
            return (s.Groups, list);
        });
        return removed;
    }

    /// <summary>Enables or disables a group.</summary>
    /// <exception cref="KeyNotFoundException">No such group.</exception>
    public void SetGroupEnabled(string enrollmentGroupId, bool enabled)
    {
        var group = _snapshot.Groups.FirstOrDefault(g => SameId(g.EnrollmentGroupId, enrollmentGroupId))
            ?? throw new KeyNotFoundException($"No enrollment group '{enrollmentGroupId}'.");
        AddOrUpdateGroup(group with { Enabled = enabled });
    }

    /// <summary>Enables or disables an individual enrollment.</summary>
    /// <exception cref="KeyNotFoundException">No such enrollment.</exception>
    public void SetIndividualEnabled(string registrationId, bool enabled)
    {
        var individual = _snapshot.Individuals.FirstOrDefault(i => SameId(i.RegistrationId, registrationId))
            ?? throw new KeyNotFoundException($"No individual enrollment '{registrationId}'.");
        AddOrUpdateIndividual(individual with { Enabled = enabled });
    }

    internal void Save()
    {
        lock (_writeLock)
        {
            SaveLocked(_snapshot);
        }
    }

    private static bool SameId(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static void Validate(EnrollmentGroup group)
    {
        if (string.IsNullOrWhiteSpace(group.EnrollmentGroupId))
        {
            throw new ArgumentException("An enrollment group needs an EnrollmentGroupId.");
        }

        ValidateKeysAndHubs($"enrollment group '{group.EnrollmentGroupId}'", group.PrimaryKey, group.SecondaryKey, group.IotHubs);
    }

    private static void Validate(IndividualEnrollment enrollment)
    {
        if (!Identifiers.IsValidRegistrationId(enrollment.RegistrationId))
        {
            throw new ArgumentException($"'{enrollment.RegistrationId}' is not a valid registration id.");
        }

        if (enrollment.DeviceId is { } deviceId && !Identifiers.IsValidRegistrationId(deviceId))
        {
            throw new ArgumentException($"'{deviceId}' is not a valid device id.");
        }

        ValidateKeysAndHubs($"individual enrollment '{enrollment.RegistrationId}'", enrollment.PrimaryKey, enrollment.SecondaryKey, enrollment.IotHubs);
    }

    private static void ValidateKeysAndHubs(string what, string primary, string? secondary, IReadOnlyList<string> hubs)
    {
        if (!SymmetricKeys.IsValidKey(primary))
        {
            throw new ArgumentException($"The primary key of {what} is not base64 of 16 to 64 bytes.");
        }

        if (secondary is not null && !SymmetricKeys.IsValidKey(secondary))
        {
            throw new ArgumentException($"The secondary key of {what} is not base64 of 16 to 64 bytes.");
        }

        ArgumentNullException.ThrowIfNull(hubs);
        foreach (var hub in hubs)
        {
            if (!Identifiers.IsValidHostName(hub))
            {
                throw new ArgumentException($"'{hub}' in {what} is not a DNS host name.");
            }
        }
    }

    private void Change(Func<EnrollmentSnapshot, (EnrollmentGroup[] Groups, IndividualEnrollment[] Individuals)> change)
    {
        lock (_writeLock)
        {
            var before = _snapshot;
            var (groups, individuals) = change(before);
            var after = new EnrollmentSnapshot(groups, individuals);
            SaveLocked(after);
            _snapshot = after;
            if (!before.HubNames.SequenceEqual(after.HubNames))
            {
                HubNamesChanged?.Invoke(after.HubNames);
            }
        }
    }

    private void SaveLocked(EnrollmentSnapshot snapshot)
    {
        if (_filePath is not null)
        {
            EnrollmentsFile.Write(_filePath, EnrollmentsFile.ToModel(IdScope, snapshot.Groups, snapshot.Individuals));
        }
    }
}
