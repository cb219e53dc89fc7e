using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>The emulator as a library inside another program.</summary>
public sealed class EmbeddingTests
{
    [Fact]
    public async Task The_web_host_leaves_ctrl_c_sigterm_and_process_exit_to_the_program()
    {
        await using var emu = await TestEmulator.StartAsync();

        // Not the console lifetime, which would take SIGINT/SIGTERM/SIGQUIT from the program.
        Assert.IsType<EmbeddedHostLifetime>(emu.Server.HostServices.GetRequiredService<IHostLifetime>());
        Assert.Single(emu.Server.HostServices.GetServices<IHostLifetime>());

        // It still serves, and stops when disposed.
        var answer = await emu.ProvisionAsync("embedded-1");
        Assert.Equal("assigned", answer.GetProperty("status").GetString());
    }
}
