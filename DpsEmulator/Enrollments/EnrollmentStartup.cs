using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// Where the enrollments come from at start (docs/emulator.md "Enrollments: the store and enrollments.json"):
/// <list type="number">
/// <item>The store holds them (every start after the first): they are used, and <c>enrollments.json</c>
/// is not read, unless it is neither of the last two files the emulator wrote: then it was edited
/// by hand while the emulator was stopped, and it is imported (it replaces the enrollments).</item>
/// <item>First start (a new data folder, or a <c>registrations.db</c> from before enrollments moved
/// into it, or one deleted): <c>enrollments.json</c> is imported if it exists; else the demo group is
/// created (or nothing, with <see cref="DpsEmulatorOptions.CreateDemoEnrollment"/> false).</item>
/// </list>
/// An import keeps the etag and timestamps of every enrollment whose content did not change.
/// </summary>
internal static class EnrollmentStartup
{
    /// <exception cref="InvalidDataException"><c>enrollments.json</c> is to be imported and is not valid.</exception>
    public static async Task<(EnrollmentManager Enrollments, EnrollmentGroup? Demo, EnrollmentsExport Export)> LoadAsync(
        string folder, RegistrationStore store, DpsEmulatorOptions options, ILogger logger)
    {
        var path = Path.Combine(folder, EnrollmentsFile.FileName);
        var stored = store.LoadedEnrollments;
        var fileText = File.Exists(path) ? await File.ReadAllTextAsync(path).ConfigureAwait(false) : null;
        var fileHash = fileText is null ? null : EnrollmentsFile.Hash(fileText);
        var storeName = Path.Combine(folder, RegistrationStore.FileName);
        var storedGroups = stored.Groups.Select(g => EnrollmentsFile.GroupFromRow(g.Row, storeName)).ToList();
        var storedIndividuals = stored.Individuals.Select(i => EnrollmentsFile.IndividualFromRow(i, storeName)).ToList();

        EnrollmentManager manager;
        EnrollmentGroup? demo = null;
        var exported = (stored.ExportHash, stored.PreviousExportHash, stored.ContentHash);
        var handEdited = stored.HoldsEnrollments && fileHash is not null && fileHash != stored.ExportHash && fileHash != stored.PreviousExportHash;
        if (stored.HoldsEnrollments && !handEdited)
        {
            manager = Create(stored.IdScope!, storedGroups, storedIndividuals, store, options, [.. stored.Groups.Select(g => g.Position)], storeName);
        }
        else if (fileText is not null)
        {
            var model = ParseFile(fileText, path);
            var now = options.TimeProvider.GetUtcNow();
            var groups = (model.EnrollmentGroups ?? []).Select(g => EnrollmentsFile.ToGroup(g, path)).ToList();
            var individuals = (model.IndividualEnrollments ?? []).Select(i => EnrollmentsFile.ToIndividual(i, path)).ToList();
            groups = [.. groups.Select(g => Stamp(g, storedGroups.Find(s => Same(s.EnrollmentGroupId, g.EnrollmentGroupId)), now))];
            individuals = [.. individuals.Select(i => Stamp(i, storedIndividuals.Find(s => Same(s.RegistrationId, i.RegistrationId)), now))];
            manager = Create(model.IdScope ?? stored.IdScope ?? options.IdScope ?? Identifiers.NewIdScope(), groups, individuals, store, options, null, path);

            // The imported file stays as written (comments and all) until the enrollments change; a
            // file without idScope gets one: the export below writes it into the file.
            exported = model.IdScope is null ? (null, null, null) : (fileHash, fileHash, EnrollmentsFile.Hash(EnrollmentsExport.Text(manager)));

            // An individual enrollment the file no longer has goes with its device's record, as a delete does (EnrollmentManager).
            var dropped = storedIndividuals.Where(s => !individuals.Exists(i => Same(i.RegistrationId, s.RegistrationId))).Select(s => s.RegistrationId).ToList();
            await CommitAllAsync(store, manager, exported, dropped).ConfigureAwait(false);
            if (handEdited)
            {
                logger.LogWarning("Imported {Path}, edited since the emulator last wrote it: {Groups} group(s), {Individuals} individual enrollment(s) replace those in {Store}.",
                    path, groups.Count, individuals.Count, storeName);
            }
            else
            {
                logger.LogInformation("Imported {Path} into {Store}: {Groups} group(s), {Individuals} individual enrollment(s).", path, storeName, groups.Count, individuals.Count);
            }
        }
        else
        {
            var idScope = options.IdScope ?? Identifiers.NewIdScope();
            if (options.CreateDemoEnrollment)
            {
                var now = options.TimeProvider.GetUtcNow();
                demo = new EnrollmentGroup
                {
                    EnrollmentGroupId = "demo-group",
                    PrimaryKey = SymmetricKeys.GenerateKey(),
                    SecondaryKey = SymmetricKeys.GenerateKey(),
                    IotHubs = ["hub-1.dps-emulator.local", "hub-2.dps-emulator.local"],
                    AllocationPolicy = AllocationPolicy.Hashed,
                    ETag = ETags.New(),
                    CreatedUtc = now,
                    LastUpdatedUtc = now,
                };
                logger.LogWarning("Created the demo enrollment group '{Group}' (random keys); {Path} holds a copy.", demo.EnrollmentGroupId, path);
            }

            manager = Create(idScope, demo is null ? [] : [demo], [], store, options, null, path);
            await CommitAllAsync(store, manager, (null, null, null), []).ConfigureAwait(false);
        }

        var export = new EnrollmentsExport(path, manager, store, exported, logger);
        await export.WriteAsync().ConfigureAwait(false);
        return (manager, demo, export);
    }

    private static EnrollmentsFileModel ParseFile(string text, string path)
    {
        try
        {
            return EnrollmentsFile.Parse(text, path);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw EnrollmentsFile.NotJson(path, e);
        }
    }

    private static EnrollmentManager Create(
        string idScope, List<EnrollmentGroup> groups, List<IndividualEnrollment> individuals, RegistrationStore store,
        DpsEmulatorOptions options, IReadOnlyList<long>? positions, string source)
    {
        try
        {
            return new EnrollmentManager(idScope, groups, individuals, store, options.TimeProvider, options.LinkedHubs, positions);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>An imported enrollment keeps the stored etag and times when its content is the same; else it is new as of now.</summary>
    private static T Stamp<T>(T imported, T? stored, DateTimeOffset now)
        where T : Enrollment =>
        (T)(stored is not null && EnrollmentsFile.Content(stored) == EnrollmentsFile.Content(imported)
            ? (Enrollment)imported with { ETag = stored.ETag, CreatedUtc = stored.CreatedUtc, LastUpdatedUtc = stored.LastUpdatedUtc }
            : (Enrollment)imported with { ETag = ETags.New(), CreatedUtc = stored?.CreatedUtc ?? imported.CreatedUtc ?? now, LastUpdatedUtc = now });

    private static Task CommitAllAsync(
        RegistrationStore store, EnrollmentManager manager, (string? File, string? PreviousFile, string? Content) exported, IReadOnlyList<string> registrationDeletes)
    {
        var settings = new Dictionary<string, string> { [StoredEnrollments.IdScopeSetting] = manager.IdScope };
        if (exported is (string file, string previous, string content))
        {
            settings[StoredEnrollments.ExportHashSetting] = file;
            settings[StoredEnrollments.PreviousExportHashSetting] = previous;
            settings[StoredEnrollments.ContentHashSetting] = content;
        }

        var snapshot = manager.Current;
        return store.SaveEnrollmentsAsync(new EnrollmentWrite
        {
            ReplaceAll = true,
            GroupUpserts = [.. snapshot.Groups.Select((g, i) => (g.EnrollmentGroupId.ToLowerInvariant(), (long)i, EnrollmentsFile.Row(g)))],
            IndividualUpserts = [.. snapshot.Individuals.Select(i => (i.RegistrationId.ToLowerInvariant(), EnrollmentsFile.Row(i)))],
            RegistrationDeletes = registrationDeletes,
            Settings = settings,
        });
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
