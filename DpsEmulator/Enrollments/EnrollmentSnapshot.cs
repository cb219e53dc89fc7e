namespace NanoDps.Emulator;

/// <summary>An immutable view of the enrollments with their keys decoded, used to authenticate.</summary>
internal sealed class EnrollmentSnapshot
{
    private readonly Dictionary<string, (IndividualEnrollment Enrollment, byte[][] Keys)> _individuals;
    private readonly (EnrollmentGroup Group, byte[][] Keys)[] _groups;

    public EnrollmentSnapshot(EnrollmentGroup[] groups, IndividualEnrollment[] individuals, IReadOnlyList<string> linkedHubs)
    {
        Groups = groups;
        Individuals = individuals;
        LinkedHubs = linkedHubs;
        _groups = [.. groups.Select(g => (g, DecodeKeys(g.PrimaryKey, g.SecondaryKey)))];
        _individuals = individuals.ToDictionary(
            i => i.RegistrationId,
            i => (i, DecodeKeys(i.PrimaryKey, i.SecondaryKey)),
            StringComparer.OrdinalIgnoreCase);
        HubNames = [.. groups.Cast<Enrollment>().Concat(individuals).SelectMany(e => e.IotHubs.Append(e.IotHubHostName))
            .Concat(linkedHubs)
            .OfType<string>()
            .Select(h => h.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>The hubs an enrollment that names none allocates over (<see cref="DpsEmulatorOptions.LinkedHubs"/>).</summary>
    public IReadOnlyList<string> LinkedHubs { get; }

    public EnrollmentGroup[] Groups { get; }

    public IndividualEnrollment[] Individuals { get; }

    /// <summary>Every hub host name an enrollment can assign (lower case, sorted): the server certificate covers them.</summary>
    public string[] HubNames { get; }

    /// <summary>The group of this id (case-insensitive), or null.</summary>
    public EnrollmentGroup? FindGroup(string enrollmentGroupId) =>
        Array.Find(Groups, g => g.EnrollmentGroupId.Equals(enrollmentGroupId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The individual enrollment of this registration id (case-insensitive), or null.</summary>
    public IndividualEnrollment? FindIndividual(string registrationId) =>
        _individuals.TryGetValue(registrationId, out var individual) ? individual.Enrollment : null;

    /// <summary>
    /// Finds the enrollment whose key signed <paramref name="sas"/>. An individual enrollment of the
    /// registration id wins over the groups (its keys alone are tried); otherwise each group is tried
    /// in order with the device key derived from the registration id exactly as in the path.
    /// </summary>
    public EnrollmentMatch? Authenticate(string registrationId, SharedAccessSignature sas, out AuthFailure failure)
    {
        failure = AuthFailure.None;
        if (_individuals.TryGetValue(registrationId, out var individual))
        {
            if (AnySigned(sas, individual.Keys))
            {
                return new EnrollmentMatch(null, individual.Enrollment) { LinkedHubs = LinkedHubs };
            }

            failure = AuthFailure.SignatureMismatch;
            return null;
        }

        foreach (var (group, keys) in _groups)
        {
            foreach (var key in keys)
            {
                if (sas.IsSignedWith(SymmetricKeys.DeriveDeviceKeyBytes(key, registrationId)))
                {
                    return new EnrollmentMatch(group, null) { LinkedHubs = LinkedHubs };
                }
            }
        }

        failure = _groups.Length == 0 ? AuthFailure.NoEnrollment
            : _groups.Any(g => AnySigned(sas, g.Keys)) ? AuthFailure.SignedWithGroupKey
            : AuthFailure.SignatureMismatch;
        return null;
    }

    /// <summary>The device keys of a registered device, for the hub endpoint; empty when its enrollment is gone.</summary>
    public IEnumerable<byte[]> DeviceKeys(RegistrationRecord record)
    {
        if (record.EnrollmentGroupId is null)
        {
            return _individuals.TryGetValue(record.RegistrationId, out var individual) ? individual.Keys : [];
        }

        var group = _groups.FirstOrDefault(g => g.Group.EnrollmentGroupId.Equals(record.EnrollmentGroupId, StringComparison.OrdinalIgnoreCase));
        return group.Keys is null ? [] : group.Keys.Select(k => SymmetricKeys.DeriveDeviceKeyBytes(k, record.RegistrationId));
    }

    /// <summary>
    /// The keys a device with this IoT hub device id would hold if an enrollment covered it: the keys
    /// of individual enrollments that assign this device id, and every group's key derived for it (a
    /// group's device id is the registration id). For the hub endpoint, for devices not registered.
    /// </summary>
    public IEnumerable<byte[]> KeysForDeviceId(string deviceId)
    {
        foreach (var (individual, keys) in _individuals.Values)
        {
            if (individual.DeviceIdFor().Equals(deviceId, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var key in keys)
                {
                    yield return key;
                }
            }
        }

        foreach (var (_, keys) in _groups)
        {
            foreach (var key in keys)
            {
                yield return SymmetricKeys.DeriveDeviceKeyBytes(key, deviceId);
            }
        }
    }

    /// <summary>The current version of a matched enrollment (it may have changed or gone since).</summary>
    public EnrollmentMatch? Refresh(EnrollmentMatch match)
    {
        if (match.Group is { } g)
        {
            var group = FindGroup(g.EnrollmentGroupId);
            return group is null ? null : new EnrollmentMatch(group, null) { LinkedHubs = LinkedHubs };
        }

        return _individuals.TryGetValue(match.Individual!.RegistrationId, out var individual)
            ? new EnrollmentMatch(null, individual.Enrollment) { LinkedHubs = LinkedHubs }
            : null;
    }

    private static bool AnySigned(SharedAccessSignature sas, byte[][] keys)
    {
        var signed = false;
        foreach (var key in keys)
        {
            signed |= sas.IsSignedWith(key); // no early exit: same work for primary and secondary
        }

        return signed;
    }

    private static byte[][] DecodeKeys(string primary, string? secondary) =>
        secondary is null
            ? [SymmetricKeys.Decode(primary, "primaryKey")]
            : [SymmetricKeys.Decode(primary, "primaryKey"), SymmetricKeys.Decode(secondary, "secondaryKey")];
}

/// <summary>The enrollment that covers a registration: exactly one of the two is set.</summary>
internal sealed record EnrollmentMatch(EnrollmentGroup? Group, IndividualEnrollment? Individual)
{
    /// <summary>The emulator's linked hubs, for an enrollment that names no hub.</summary>
    public IReadOnlyList<string> LinkedHubs { get; init; } = [];

    /// <summary>The one that is set.</summary>
    public Enrollment Enrollment => (Enrollment?)Group ?? Individual!;

    public bool Enabled => Enrollment.Enabled;

    /// <summary>The hubs to allocate over: the enrollment's <c>iotHubs</c>, else its <c>iotHubHostName</c>, else the linked hubs.</summary>
    public IReadOnlyList<string> IotHubs => Enrollment.HubsToAllocate(LinkedHubs);

    public AllocationPolicy AllocationPolicy => Enrollment.AllocationPolicy;

    public ReprovisionPolicy ReprovisionPolicy => Enrollment.ReprovisionPolicy;

    public string DeviceIdFor(string registrationId) => Individual?.DeviceId ?? registrationId;
}
