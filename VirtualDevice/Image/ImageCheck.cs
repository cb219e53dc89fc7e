using System.Globalization;

namespace NanoDps.VirtualDevice.Image;

/// <summary>
/// check-image: reads a saved (or piped) <c>nanoff --nanodevice --serialport &lt;port&gt; --devicedetails</c> output and
/// says, package by package, whether the board's image carries the native side of every pinned package with
/// native code (DeviceFirmware/native-assemblies.json): the same native assembly name, native version and
/// checksum. nanoCLR refuses an assembly whose checksum differs from the image's (nf-interpreter
/// <c>CLRStartup.cpp:63-104</c>), and an assembly whose native assembly the image lacks fails at its first native
/// call; Visual Studio's deployment also refuses a different native version. Exit 0: every one matches; 1: one line
/// per missing or different one and the nanoff command that fixes it; 2: the input cannot be read or is not
/// nanoff's output.
/// </summary>
public static class ImageCheck
{
    /// <summary>What to give check-image, for messages.</summary>
    public const string NanoffDetails = "nanoff --nanodevice --serialport <port> --devicedetails";

    /// <summary>Exit code when the image carries every pinned native assembly.</summary>
    public const int Matches = 0;

    /// <summary>Exit code when some pinned native assembly is missing from the image or different.</summary>
    public const int DoesNotMatch = 1;

    /// <summary>Runs the check on <paramref name="file"/> ("-": standard input) against the embedded pins.</summary>
    public static int Run(string file, Terminal terminal) => Run(file, NativeAssemblyPins.Embedded(), terminal);

    /// <summary>Runs the check on <paramref name="file"/> ("-": standard input) against <paramref name="pins"/>.</summary>
    public static int Run(string file, NativeAssemblyPins pins, Terminal terminal)
    {
        string source = file == "-" ? "standard input" : file;
        string? text = Read(file, terminal, out string? problem);
        if (text is null)
        {
            terminal.Error.WriteLine("error: check-image: " + problem);
            return ExitCodes.Usage;
        }

        DeviceDetails details;
        try
        {
            details = DeviceDetails.Parse(text);
        }
        catch (FormatException e)
        {
            terminal.Error.WriteLine("error: check-image: " + source + ": " + e.Message + ".");
            return ExitCodes.Usage;
        }

        return Compare(details, pins, terminal);
    }

    /// <summary>Prints one line per pinned native assembly and the verdict; returns the exit code.</summary>
    public static int Compare(DeviceDetails details, NativeAssemblyPins pins, Terminal terminal)
    {
        string image = "The image (" + (details.Target ?? "target not reported")
            + (details.ClrVersion is null ? string.Empty : ", version " + details.ClrVersion)
            + (details.BuildDate is null ? string.Empty : ", built " + details.BuildDate) + ")";
        terminal.Out.WriteLine(image + " against the " + pins.Packages.Count.ToString(CultureInfo.InvariantCulture)
            + " pinned packages with native code (" + NativeAssemblyPins.RepositoryPath + "):");

        var failed = new List<NativeAssemblyPin>();
        foreach (NativeAssemblyPin pin in pins.Packages)
        {
            string wanted = pin.NativeAssembly + " v" + pin.NativeVersion + ", checksum " + pin.ChecksumText;
            NativeAssembly? found = details.NativeAssemblies.FirstOrDefault(a => a.Name == pin.NativeAssembly);
            if (found is null)
            {
                failed.Add(pin);
                terminal.Out.WriteLine("  MISSING    " + pin.Package + " " + pin.Version + " needs " + wanted + "; the image has no " + pin.NativeAssembly);
            }
            else if (found.Version != pin.NativeVersion || found.Checksum != pin.Checksum)
            {
                failed.Add(pin);
                terminal.Out.WriteLine("  DIFFERENT  " + pin.Package + " " + pin.Version + " needs " + wanted + "; the image has v" + found.Version + ", checksum " + found.ChecksumText);
            }
            else
            {
                terminal.Out.WriteLine("  ok         " + pin.Package + " " + pin.Version + ": " + wanted);
            }
        }

        if (failed.Count == 0)
        {
            terminal.Out.WriteLine("The image runs this firmware: every native assembly of the pinned packages is there with its version and checksum.");
            return Matches;
        }

        string target = details.Target ?? "<TARGET>";
        string since = failed.Select(p => p.InMainSince).Where(s => s is not null).DefaultIfEmpty("?").Max(StringComparer.Ordinal)!;
        terminal.Out.WriteLine("The image does NOT run this firmware: " + failed.Count.ToString(CultureInfo.InvariantCulture) + " of "
            + pins.Packages.Count.ToString(CultureInfo.InvariantCulture) + " native assemblies are missing or different (nanoCLR refuses a different checksum; a missing one fails at its first native call).");
        terminal.Out.WriteLine(pins.ImageVersion is not null
            ? "Fix: flash the image version confirmed for these packages: nanoff --target " + target + " --serialport <port> --update --fwversion " + pins.ImageVersion
                + " (then run this check again), or move the packages to the versions this image was built for (docs/tutorials/board.md, step 1)."
            : "Fix: flash an image built from nf-interpreter main of " + since + " or later: nanoff --target " + target + " --serialport <port> --update --fwversion <version>, "
                + "with <version> from nanoff --listtargets --platform esp32, then run this check again on its --devicedetails; or move the packages to the versions this image was built for (docs/tutorials/board.md, step 1).");
        return DoesNotMatch;
    }

    private static string? Read(string file, Terminal terminal, out string? problem)
    {
        problem = null;
        if (file == "-")
        {
            string piped = terminal.In.ReadToEnd();
            if (piped.Length == 0)
            {
                problem = "standard input is empty: pipe the output of " + NanoffDetails + " into it, or give the file it was saved to.";
                return null;
            }

            return piped;
        }

        if (Directory.Exists(file))
        {
            problem = "'" + file + "' is a folder: give the file the output of " + NanoffDetails + " was saved to, or - for standard input.";
            return null;
        }

        if (!File.Exists(file))
        {
            problem = "the file '" + file + "' does not exist: save the output of " + NanoffDetails + " to it (nanoff ... > " + file + "), or pipe it in with -.";
            return null;
        }

        try
        {
            // StreamReader honours a byte order mark, so a capture saved by Windows PowerShell (UTF-16) reads too.
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = "the file '" + file + "' cannot be read (" + e.Message.ReplaceLineEndings(" ") + ").";
            return null;
        }
    }
}
