namespace NanoDps.Emulator;

/// <summary>TLS connections (handshakes) one device opened: to DPS, and to the hub under its device id.</summary>
/// <param name="Dps">Connections that carried its register, polls or status lookups.</param>
/// <param name="Hub">Connections that carried its hub messages.</param>
public readonly record struct TlsConnectionCount(int Dps, int Hub);
