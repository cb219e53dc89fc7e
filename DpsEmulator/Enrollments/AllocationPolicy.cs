namespace NanoDps.Emulator;

/// <summary>How an enrollment chooses the IoT hub of a device among its linked hubs.</summary>
public enum AllocationPolicy
{
    /// <summary>
    /// DPS's "evenly weighted distribution": a stable hash of the lower-case registration id
    /// (first 4 bytes of its SHA-256, big-endian, modulo the hub count) picks the hub, so a device
    /// always lands on the same hub while the hub list is unchanged.
    /// </summary>
    Hashed,

    /// <summary>Always the first hub of the list.</summary>
    Static,

    /// <summary>DPS's "lowest latency": the emulator has no geography, so it allocates exactly like <see cref="Hashed"/>.</summary>
    GeoLatency,

    /// <summary>
    /// DPS's custom allocation: a webhook (an Azure Function) named by the enrollment's
    /// <c>customAllocationDefinition</c> picks the hub, the initial twin and the payload returned to
    /// the device (<see cref="CustomAllocator"/>).
    /// </summary>
    Custom,
}
