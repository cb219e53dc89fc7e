using System.Diagnostics;
using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// Custom allocation by a webhook written in Node.js (Webhooks/allocation-function.js) run by the
/// machine's node: skipped outside CI when node is missing, failing under CI=true.
/// </summary>
public sealed class NodeAllocationWebhookTests
{
    [SkippableFact]
    public async Task A_node_webhook_allocates_a_device_with_its_payload_and_twin()
    {
        ProcessRunner.Require(("node", "nodejs"));
        const string key = "node-function-key";
        using var node = Process.Start(new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Webhooks", "allocation-function.js"), "0", key },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            var line = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20))
                ?? throw new Xunit.Sdk.XunitException("node ended: " + await node.StandardError.ReadToEndAsync());
            var port = JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32();
            await using var emu = await CustomAllocationTests.StartAsync($"http://127.0.0.1:{port}/api/allocate?code={key}");

            var answer = await CustomAllocationTests.ProvisionAsync(emu, "attic-heatpump-3", """{"firmware":"1.4.2"}""");

            Assert.Equal("assigned", answer.GetProperty("status").GetString());
            var state = answer.GetProperty("registrationState");
            Assert.Equal(TestEmulator.Hub2, state.GetProperty("assignedHub").GetString());
            Assert.Equal("""{"allocatedBy":"node","firmware":"1.4.2"}""", state.GetProperty("payload").GetRawText());
            Assert.Contains("\"allocatedBy\":\"node\"", emu.Server.GetInitialTwin(TestEmulator.Hub2, "attic-heatpump-3"));
            Assert.Equal(200, Assert.Single(emu.Server.RequestLog.Snapshot(), e => e.Kind == RequestKind.Webhook).Status);
        }
        finally
        {
            node.Kill();
            await node.WaitForExitAsync();
        }
    }
}
