using NanoDps.VirtualDevice.Cli;
using NanoDps.VirtualDevice.Image;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// check-image on saved nanoff --nanodevice --devicedetails outputs (ImageCheck/*.txt: the lines nanoff and
/// nf-debugger's NanoFrameworkDeviceInfo.ToString() write, with the native assemblies of an ESP32 image; the image
/// versions and dates in them are made up, the pinned lines are DeviceFirmware/native-assemblies.json's): exit 0 when
/// every pinned native assembly is there with its version and checksum, 1 with one line per missing or different
/// one and the nanoff command that fixes it, 2 for input that cannot be read or is not nanoff's output.
/// </summary>
public sealed class ImageCheckTests : IDisposable
{
    private static readonly string Match = Path.Combine(AppContext.BaseDirectory, "ImageCheck", "devicedetails-match.txt");
    private static readonly string Mismatch = Path.Combine(AppContext.BaseDirectory, "ImageCheck", "devicedetails-mismatch.txt");

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_matching_image_passes_package_by_package()
    {
        RunResult run = await CliAsync("check-image", Match);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        string[] lines = Lines(run.Stdout);
        Assert.Equal("The image (ESP32_REV0, version 1.17.0.184, built Jul 14 2026) against the 11 pinned packages with native code (DeviceFirmware/native-assemblies.json):", lines[0]);
        Assert.Contains("  ok         nanoFramework.System.Net 1.11.60: System.Net v100.2.0.14, checksum 0x8EFB9944", lines);
        Assert.Contains("  ok         nanoFramework.CoreLibrary 1.17.11: mscorlib v100.5.0.24, checksum 0x1549C856", lines);
        Assert.Equal(NativeAssemblyPins.Embedded().Packages.Count, lines.Count(l => l.StartsWith("  ok ", StringComparison.Ordinal)));
        Assert.Equal("The image runs this firmware: every native assembly of the pinned packages is there with its version and checksum.", lines[^1]);
    }

    [Fact]
    public async Task A_different_or_missing_assembly_fails_with_one_line_each_and_the_fix()
    {
        RunResult run = await CliAsync("check-image", Mismatch);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        string[] lines = Lines(run.Stdout);
        string[] failed = lines.Where(l => l.StartsWith("  MISSING", StringComparison.Ordinal) || l.StartsWith("  DIFFERENT", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [
                "  MISSING    nanoFramework.System.Security.Cryptography 1.0.43 needs nanoFramework.System.Security.Cryptography v100.0.0.4, checksum 0x1A1CC3FD; the image has no nanoFramework.System.Security.Cryptography",
                "  DIFFERENT  nanoFramework.System.Device.Wifi 1.5.149 needs System.Device.Wifi v100.0.6.6, checksum 0xEE721CDA; the image has v100.0.6.5, checksum 0xEE721CDA",
                "  DIFFERENT  nanoFramework.System.Net 1.11.60 needs System.Net v100.2.0.14, checksum 0x8EFB9944; the image has v100.2.0.12, checksum 0x6DFA71D6",
            ],
            failed);
        Assert.Equal(8, lines.Count(l => l.StartsWith("  ok ", StringComparison.Ordinal)));
        Assert.StartsWith("The image does NOT run this firmware: 3 of 11 native assemblies are missing or different", lines[^2]);
        Assert.Equal(
            "Fix: flash an image built from nf-interpreter main of 2026-07-10 or later: nanoff --target ESP32_REV0 --serialport <port> --update --fwversion <version>, "
            + "with <version> from nanoff --listtargets --platform esp32, then run this check again on its --devicedetails; "
            + "or move the packages to the versions this image was built for (docs/tutorials/board.md, step 1).",
            lines[^1]);
    }

    [Theory]
    [InlineData("  nanoFramework.System.Text v100.0.0.1, checksum 0x8E6EB73D", "  nanoFramework.System.Text v100.0.0.1, checksum 0x8E6EB73E",
        "  DIFFERENT  nanoFramework.System.Text 1.3.42 needs nanoFramework.System.Text v100.0.0.1, checksum 0x8E6EB73D; the image has v100.0.0.1, checksum 0x8E6EB73E", "2020")]
    [InlineData("  nanoFramework.Hardware.Esp32 v100.0.10.0, checksum 0x6A20A689", "  nanoFramework.Hardware.Esp32 v100.0.9.0, checksum 0x6A20A689",
        "  DIFFERENT  nanoFramework.Hardware.Esp32 1.6.40 needs nanoFramework.Hardware.Esp32 v100.0.10.0, checksum 0x6A20A689; the image has v100.0.9.0, checksum 0x6A20A689", "2023-09-05")]
    [InlineData("  System.IO.FileSystem v1.1.0.4, checksum 0x1777E2FE", "",
        "  MISSING    nanoFramework.System.IO.FileSystem 1.1.93 needs System.IO.FileSystem v1.1.0.4, checksum 0x1777E2FE; the image has no System.IO.FileSystem", "2024-12-06")]
    public async Task Each_kind_of_difference_read_from_standard_input_is_one_line(string line, string replacement, string expected, string since)
    {
        string text = File.ReadAllText(Match);
        Assert.Contains(line + "\n", text);
        text = text.Replace(line + "\n", replacement.Length == 0 ? string.Empty : replacement + "\n", StringComparison.Ordinal);

        RunResult run = await CliAsync(["check-image", "-"], input: text);

        Assert.Equal(1, run.ExitCode);
        string[] lines = Lines(run.Stdout);
        Assert.Equal([expected], lines.Where(l => l.StartsWith("  MISSING", StringComparison.Ordinal) || l.StartsWith("  DIFFERENT", StringComparison.Ordinal)));
        Assert.Contains("built from nf-interpreter main of " + since + " or later: nanoff --target ESP32_REV0 --serialport <port> --update --fwversion <version>", lines[^1]);
    }

    [Fact]
    public async Task Standard_input_with_windows_line_ends_and_colours_reads_as_the_file()
    {
        string text = File.ReadAllText(Match).Replace("\n", "\r\n", StringComparison.Ordinal)
            .Replace("HAL build info:", "\u001b[36mHAL build info:", StringComparison.Ordinal)
            .Replace("  System.Device.Wifi v100.0.6.6, checksum 0xEE721CDA\r\n", "  System.Device.Wifi v100.0.6.6, checksum 0xEE721CDA\r\n\u001b[37m", StringComparison.Ordinal);

        RunResult run = await CliAsync(["check-image", "-"], input: text);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        RunResult file = await CliAsync("check-image", Match);
        Assert.Equal(file.Stdout, run.Stdout);
    }

    [Fact]
    public void A_confirmed_image_version_is_named_in_the_fix()
    {
        string json = File.ReadAllText(Path.Combine(PackagePinTests.SolutionFolder, "DeviceFirmware", "native-assemblies.json"))
            .Replace("\"imageVersion\": null", "\"imageVersion\": \"1.17.0.200\"", StringComparison.Ordinal);
        NativeAssemblyPins pins = NativeAssemblyPins.Parse(json);
        var output = new StringWriter();

        int code = ImageCheck.Compare(DeviceDetails.Parse(File.ReadAllText(Mismatch)), pins, new Terminal(output, new StringWriter(), interactive: false));

        Assert.Equal(1, code);
        Assert.StartsWith("Fix: flash the image version confirmed for these packages: nanoff --target ESP32_REV0 --serialport <port> --update --fwversion 1.17.0.200 (then run this check again)", Lines(output.ToString())[^1]);
    }

    [Fact]
    public async Task Without_a_target_line_the_fix_leaves_the_target_to_fill_in()
    {
        string text = File.ReadAllText(Mismatch).Replace("  Target:   ESP32_REV0\n", string.Empty, StringComparison.Ordinal);

        RunResult run = await CliAsync(["check-image", "-"], input: text);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("The image (target not reported, version 1.17.0.161, built May 20 2026)", run.Stdout);
        Assert.Contains("nanoff --target <TARGET> --serialport <port> --update --fwversion <version>", run.Stdout);
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        // nanoff --platform esp32 --devicedetails: the chip, not the image (Esp32DeviceInfo.ToString()).
        {
            "ESP32\nFeatures WiFi, BT, Dual Core, 240MHz, VRef calibration in efuse, Coding Scheme None\nFlash size 4MB GD25Q32 from GigaDevice (manufacturer 0xC8 device 0x4016)\nPSRAM: undetermined\nCrystal 40MHz\nMAC A0:B1:C2:D3:E4:F5\n",
            "error: check-image: standard input: it has no \"Native Assemblies:\" line: it must be the output of nanoff --nanodevice --serialport <port> --devicedetails (--nanodevice asks nanoFramework on the board; --platform esp32 --devicedetails shows only the chip)."
        },
        {
            "Native Assemblies:\n  mscorlib v100.5.0.24, checksum 0x1549C856\n\nNative Assemblies:\n  mscorlib v100.5.0.24, checksum 0x1549C856\n",
            "error: check-image: standard input: it has 2 \"Native Assemblies:\" blocks (lines 1, 4): give the output of one nanoff run."
        },
        {
            "Assemblies:\n\nNative Assemblies:\n  mscorlib v100.5.0.24, checksum 0x1549C856\n  System.Net v100.2.0.14 checksum 0x8EFB9944\n",
            "error: check-image: standard input: line 5 of its \"Native Assemblies:\" block is not in nanoff's form '  <name> v<a.b.c.d>, checksum 0x<8 hex digits>': 'System.Net v100.2.0.14 checksum 0x8EFB9944'."
        },
        {
            "Assemblies:\n\nNative Assemblies:\n\n",
            "error: check-image: standard input: its \"Native Assemblies:\" block (line 3) lists nothing; every nanoFramework image carries at least mscorlib: save the whole output of nanoff --nanodevice --serialport <port> --devicedetails."
        },
        {
            string.Empty,
            "error: check-image: standard input is empty: pipe the output of nanoff --nanodevice --serialport <port> --devicedetails into it, or give the file it was saved to."
        },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Input_that_is_not_nanoffs_output_is_a_usage_error(string input, string expected)
    {
        RunResult run = await CliAsync(["check-image", "-"], input: input);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(expected + Environment.NewLine, run.Stderr);
    }

    [Fact]
    public async Task A_missing_file_a_folder_or_no_argument_is_a_usage_error()
    {
        string missing = Path.Combine(_folder.Path, "details.txt");
        RunResult run = await CliAsync("check-image", missing);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal($"error: check-image: the file '{missing}' does not exist: save the output of nanoff --nanodevice --serialport <port> --devicedetails to it (nanoff ... > {missing}), or pipe it in with -." + Environment.NewLine, run.Stderr);

        run = await CliAsync("check-image", _folder.Path);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: check-image: '{_folder.Path}' is a folder: give the file the output of nanoff --nanodevice --serialport <port> --devicedetails was saved to, or - for standard input." + Environment.NewLine, run.Stderr);

        run = await CliAsync("check-image");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(
            "error: check-image needs a file: the saved output of nanoff --nanodevice --serialport <port> --devicedetails, or - for standard input (see --help)." + Environment.NewLine
            + "Run with --help for the options." + Environment.NewLine,
            run.Stderr);
    }

    [Fact]
    public async Task A_capture_saved_by_windows_powershell_in_utf16_reads()
    {
        string file = Path.Combine(_folder.Path, "details.txt");
        File.WriteAllText(file, File.ReadAllText(Match).Replace("\n", "\r\n", StringComparison.Ordinal), System.Text.Encoding.Unicode);

        RunResult run = await CliAsync("check-image", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
    }

    /// <summary>The command line as Program.Main runs it, with <paramref name="input"/> as standard input (a pipe) and captured output.</summary>
    private static async Task<RunResult> CliAsync(string[] args, string? input = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CommandLine.RunAsync(args, new Terminal(output, error, interactive: false, new StringReader(input ?? string.Empty), new Dictionary<string, string>()));
        return new RunResult(code, output.ToString(), error.ToString(), [], 0);
    }

    private static Task<RunResult> CliAsync(params string[] args) => CliAsync(args, input: null);

    private static string[] Lines(string text) => text.TrimEnd('\n', '\r').Split(Environment.NewLine);
}
