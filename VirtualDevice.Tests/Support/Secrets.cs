using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace NanoDps.VirtualDevice.Tests.Support;

/// <summary>
/// The secrets of one test (group keys, device keys, SAS tokens and their signatures) and the check
/// every test runs over every output it captured: none of them may appear, in any usual encoding.
/// </summary>
public sealed class Secrets
{
    private readonly ConcurrentDictionary<string, string> _values = new();
    private readonly ConcurrentDictionary<string, byte> _groupKeys = new();
    private readonly ConcurrentDictionary<string, byte> _ids = new();

    /// <summary>Adds a secret with a label for the failure message.</summary>
    public void Add(string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _values.TryAdd(value, label);
        }
    }

    /// <summary>A group key; the device key it derives for every registration id seen is a secret too.</summary>
    public void AddGroupKey(string groupKey)
    {
        Add("group key", groupKey);
        _groupKeys.TryAdd(groupKey, 0);
    }

    /// <summary>Every enrollment group key (primary and secondary) in an emulator's enrollments.json.</summary>
    public void AddGroupKeysOf(string enrollmentsJson)
    {
        using var file = System.Text.Json.JsonDocument.Parse(File.ReadAllText(enrollmentsJson));
        foreach (System.Text.Json.JsonElement group in file.RootElement.GetProperty("enrollmentGroups").EnumerateArray())
        {
            AddGroupKey(group.GetProperty("primaryKey").GetString()!);
            AddGroupKey(group.GetProperty("secondaryKey").GetString()!);
        }
    }

    /// <summary>A registration id a device used (not a secret; its derived keys are).</summary>
    public void AddRegistrationId(string registrationId) => _ids.TryAdd(registrationId, 0);

    /// <summary>A SAS token (as sent in the Authorization header) and its signature.</summary>
    public void AddToken(string token)
    {
        Add("SAS token", token);
        Add("SAS token without scheme", token.Replace("SharedAccessSignature ", string.Empty, StringComparison.Ordinal));
        string? sig = token.Split(' ', 2)[^1].Split('&').FirstOrDefault(f => f.StartsWith("sig=", StringComparison.Ordinal))?[4..];
        if (sig is not null)
        {
            Add("SAS signature (url-encoded)", sig);
            Add("SAS signature", Uri.UnescapeDataString(sig));
        }
    }

    public int Count => _values.Count;

    /// <summary>Fails when any secret (or its url-encoded form) is in <paramref name="output"/>.</summary>
    public void AssertNotIn(string output, string what)
    {
        foreach (string groupKey in _groupKeys.Keys)
        {
            foreach (string id in _ids.Keys)
            {
                Add("device key of " + id, DeriveKey(groupKey, id));
            }
        }

        foreach (var (value, label) in _values)
        {
            foreach (string form in new[] { value, Uri.EscapeDataString(value) }.Distinct())
            {
                Assert.False(output.Contains(form, StringComparison.Ordinal), $"{what} contains the {label}:\n{output}");
            }
        }
    }

    /// <summary>The tests' own derivation (the DPS docs' formula), independent of the core.</summary>
    public static string DeriveKey(string groupKey, string registrationId) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(groupKey), Encoding.UTF8.GetBytes(registrationId)));
}
