using NanoDps.Emulator;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Cli;

/// <summary>What the command line asks of one run of the virtual device.</summary>
public sealed class RunOptions
{
    /// <summary>Default flash folder, in the working directory.</summary>
    public const string DefaultFlashFolder = ".virtual-device";

    /// <summary>device.json to deploy into the flash folder and boot with; null runs the demo against the embedded emulator.</summary>
    public string? ConfigPath { get; set; }

    /// <summary>The virtual board's flash folder (its I:\ drive): MAC, device.json, provisioning record, boot counter.</summary>
    public string FlashFolder { get; set; } = DefaultFlashFolder;

    /// <summary>Forget the stored assignment before booting.</summary>
    public bool Reset { get; set; }

    /// <summary>Fault profile of the embedded emulator (demo only), or null for none.</summary>
    public string? EmulatorFaults { get; set; }

    /// <summary>Seed of the embedded emulator's faults; null draws one (and prints it).</summary>
    public int? EmulatorSeed { get; set; }

    /// <summary>Data folder of the embedded emulator; null: .virtual-device/emulator in the working directory.</summary>
    public string? EmulatorData { get; set; }

    /// <summary>PEM files of the roots to trust instead of the defaults (emulator ca.pem, or the Azure roots).</summary>
    public IReadOnlyList<string> CaFiles { get; set; } = [];

    /// <summary>"host=address:port" routes.</summary>
    public IReadOnlyList<string> Resolve { get; set; } = [];

    /// <summary>Seconds the device clock is ahead of the PC's (negative: behind).</summary>
    public long ClockOffsetSeconds { get; set; }

    /// <summary>Telemetry messages the default application sends once the board is provisioned (0: none, the run ends at the hand-off).</summary>
    public int AppMessages { get; set; }

    /// <summary>Print the stack trace of an internal error.</summary>
    public bool Verbose { get; set; }

    /// <summary>The embedded emulator's data folder.</summary>
    public string EmulatorDataFolder => EmulatorData ?? Path.Combine(DefaultFlashFolder, "emulator");
}

/// <summary>
/// What tests replace in a run (never set by the command line): adapters wrapped or swapped, the
/// back-off policy, the embedded emulator's options, and a look at the emulator before it stops.
/// </summary>
internal sealed record RunHooks
{
    public Func<IFlashStore, IFlashStore>? WrapFlash { get; init; }

    public Func<IHttpExchange, IHttpExchange>? WrapHttp { get; init; }

    public IClock? Clock { get; init; }

    public IDelay? Delay { get; init; }

    public IRandom? Random { get; init; }

    public Backoff? Backoff { get; init; }

    public Action<DpsEmulatorOptions>? ConfigureEmulator { get; init; }

    public Action<DpsEmulatorServer>? BeforeEmulatorStops { get; init; }
}
