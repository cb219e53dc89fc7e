using System.Globalization;
using NanoDps.FleetSim.Dps;

namespace NanoDps.FleetSim.Search;

/// <summary>
/// A fleet that boots at once against a DPS with a registration quota of
/// <see cref="RegistrationsPerMinute"/> (and as many operations), buckets of a tenth of it
/// (1,000/min: burst 100; 100/min: burst 10). Written "3000" (at 1,000/min) or "300@100".
/// </summary>
public sealed record FleetSpec(int Devices, int RegistrationsPerMinute = FleetSpec.DefaultRate)
{
    /// <summary>DPS's default registration quota.</summary>
    public const int DefaultRate = 1000;

    /// <summary>
    /// The size of the fleet at 1,000/min that drains in the same time. A fleet of N at R/min
    /// behaves like N x 1,000 / R at 1,000/min (the buckets scale with the quota): the search
    /// screens with such 10x smaller fleets.
    /// </summary>
    public long EquivalentDevices => (long)Devices * DefaultRate / RegistrationsPerMinute;

    /// <summary>The DPS model for this fleet: <paramref name="baseline"/> with this quota and bursts.</summary>
    public DpsModelOptions Dps(DpsModelOptions baseline) => baseline with
    {
        RegistrationsPerMinute = RegistrationsPerMinute,
        RegistrationBurst = Math.Max(1, RegistrationsPerMinute / 10),
        OperationsPerMinute = RegistrationsPerMinute,
        OperationBurst = Math.Max(1, RegistrationsPerMinute / 10),
    };

    /// <summary>Parses "3000" or "300@100"; null with <paramref name="problem"/> saying why not.</summary>
    public static FleetSpec? Parse(string text, out string? problem)
    {
        string[] parts = text.Split('@');
        if (parts.Length <= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int devices) && devices >= 1
            && (parts.Length == 1 || (int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int rate) && rate >= 1)))
        {
            problem = null;
            return new FleetSpec(devices, parts.Length == 1 ? DefaultRate : int.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        problem = $"'{text}' is not a fleet: write the number of boards (3000), or boards@registrations-per-minute (300@100)";
        return null;
    }

    /// <summary>"3,000" or "300 at 100/min".</summary>
    public string Title => RegistrationsPerMinute == DefaultRate
        ? Devices.ToString("N0", CultureInfo.InvariantCulture)
        : $"{Devices.ToString("N0", CultureInfo.InvariantCulture)} at {RegistrationsPerMinute}/min";

    /// <summary>"3000" or "300@100", as parsed.</summary>
    public override string ToString() => RegistrationsPerMinute == DefaultRate
        ? Devices.ToString(CultureInfo.InvariantCulture)
        : $"{Devices.ToString(CultureInfo.InvariantCulture)}@{RegistrationsPerMinute.ToString(CultureInfo.InvariantCulture)}";
}
