using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator.Cli;

/// <summary>The command-line emulator: start, print how to reach it, run until Ctrl+C (or SIGTERM).</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var (options, verbose, error) = CommandLine.Parse(args);
        if (options is null)
        {
            (error is null ? Console.Out : Console.Error).WriteLine(error is null ? CommandLine.Usage : $"{error}\n\n{CommandLine.Usage}");
            return error is null ? 0 : 2;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
            .AddFilter("Microsoft", verbose ? LogLevel.Information : LogLevel.Warning)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            }));
        options.LoggerFactory = loggerFactory;
        var logger = loggerFactory.CreateLogger("NanoDps.Emulator.Cli");

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
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            logger.LogError("Cannot start: {Message}", e.Message);
            return 1;
        }

        await using (server)
        {
            Console.Out.Write(ReadyBanner.Text(server));
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                logger.LogInformation("Stopping.");
            }
        }

        Console.Out.WriteLine("DPS emulator stopped.");
        return 0;
    }
}
