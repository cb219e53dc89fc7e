using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace NanoDps.Emulator.Cli;

/// <summary>The emulator run: start, write device.json, print how to reach it, run until Ctrl+C or SIGTERM.</summary>
internal static class EmulatorRun
{
    public static async Task<int> RunAsync(DpsEmulatorOptions options, bool verbose, TextWriter stdout, TextWriter stderr)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
            .AddFilter("Microsoft", verbose ? LogLevel.Information : LogLevel.Warning)
            .AddConsole(console => console.FormatterName = OneLineConsoleFormatter.FormatterName)
            .AddConsoleFormatter<OneLineConsoleFormatter, OneLineConsoleFormatterOptions>(o => o.IncludeStackTraces = verbose));
        options.LoggerFactory = loggerFactory;

        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        DpsEmulatorServer server;
        try
        {
            server = await DpsEmulatorServer.StartAsync(options, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Stopped;
        }
        catch (Exception e)
        {
            loggerFactory.Dispose(); // flushes the log lines written so far, before the error line
            return Refused(e, verbose, stderr);
        }

        await using (server)
        {
            try
            {
                var deviceConfig = VirtualDeviceConfig.Write(server);
                stdout.Write(ReadyBanner.Text(server, deviceConfig));
                stdout.Flush();
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                stdout.WriteLine("Stopping.");
            }
            catch (Exception e)
            {
                return Refused(e, verbose, stderr);
            }
        }

        stdout.WriteLine("DPS emulator stopped.");
        return ExitCodes.Stopped;
    }

    /// <summary>One line on stderr naming the cause and the fix; the stack trace only with --verbose.</summary>
    private static int Refused(Exception e, bool verbose, TextWriter stderr)
    {
        var (code, text) = e switch
        {
            EmulatorEnvironmentException => (ExitCodes.Environment, e.Message),
            InvalidDataException or ArgumentException => (ExitCodes.Usage, e.Message),
            IOException or UnauthorizedAccessException => (ExitCodes.Environment, e.Message + " (check the data folder and its permissions, or choose another with --data)"),
            _ => (ExitCodes.Internal, $"unexpected {e.GetType().Name}: {e.Message}" + (verbose ? string.Empty : "; run with --verbose for details")),
        };
        stderr.WriteLine("error: " + text.ReplaceLineEndings(" "));
        if (verbose)
        {
            stderr.WriteLine(e.ToString());
        }

        return code;
    }
}
