using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// A whole board made of test doubles, whose flash, stored Wi-Fi credentials, clock and DPS
    /// survive from boot to boot: deploy a device.json, boot, look at what happened, boot again.
    /// Its MAC is a0:b1:c2:d3:e4:f5 and its default device.json is the docs' group key in scope
    /// <see cref="CryptoVectors.IdScope"/>, so the derived key is <see cref="CryptoVectors.MacDerivedKey"/>.
    /// </summary>
    public sealed class TestBoard
    {
        /// <summary>The Wi-Fi password of the default config (a secret the log must never show).</summary>
        public const string WifiPassword = "hunter2-correct-horse";

        private BootPorts _bootPorts;

        public TestBoard()
        {
            Flash = new MemoryFlash();
            Clock = new FakeClock(FakeClock.DefaultStart);
            Delay = new FakeDelay(Clock);
            Network = new FakeNetwork(new byte[] { 0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5 });
            ClockSync = new FakeClockSync(Clock);
            Roots = new FakeRoots();
            Dps = new FakeDps();
            Power = new FakePower();
            Parser = new JsonConfigParser();
            Log = new RecordingLog();
            Settings = new BootSettings();
            Settings.FirmwareVersion = "1.2.3";
        }

        public MemoryFlash Flash { get; }

        public FakeClock Clock { get; }

        public FakeDelay Delay { get; }

        public FakeNetwork Network { get; }

        public FakeClockSync ClockSync { get; }

        public FakeRoots Roots { get; }

        public FakeDps Dps { get; }

        public FakePower Power { get; }

        public JsonConfigParser Parser { get; }

        public BootSettings Settings { get; }

        /// <summary>The log of the last boot.</summary>
        public RecordingLog Log { get; private set; }

        /// <summary>The last boot.</summary>
        public BootSequence Sequence { get; private set; }

        /// <summary>device.json with the docs' group key, plus <paramref name="extraMembers"/> (",\"name\": value" pairs).</summary>
        public static string GroupConfig(string extraMembers)
        {
            return "{\n  \"wifiSsid\": \"lab\",\n  \"wifiPassword\": \"" + WifiPassword + "\",\n  \"idScope\": \"" + CryptoVectors.IdScope + "\",\n  \"groupKey\": \""
                + CryptoVectors.DocsGroupKey + "\"" + extraMembers + "\n}\n";
        }

        /// <summary><paramref name="text"/> with every <paramref name="from"/> replaced by <paramref name="to"/> (nanoFramework's string has no Replace).</summary>
        public static string Replace(string text, string from, string to)
        {
            int at = 0;
            while ((at = text.IndexOf(from, at)) >= 0)
            {
                text = text.Substring(0, at) + to + text.Substring(at + from.Length);
                at += to.Length;
            }

            return text;
        }

        /// <summary>Puts <paramref name="json"/> on the board as nanoff --filedeployment does (no power cut there).</summary>
        public TestBoard Deploy(string json)
        {
            Flash.Put(DeviceConfigFile.FileName, json);
            return this;
        }

        /// <summary>Powers the board on and runs the boot to its end (a sleep or restart is recorded by <see cref="Power"/>).</summary>
        public BootOutcome Boot()
        {
            PowerOn();
            return BootRunner.Run(Sequence, Sequence.Start(), _bootPorts);
        }

        /// <summary>Powers the board on and runs it as Program.cs does: boot, then <paramref name="application"/>, booting again when it reports a refusal.</summary>
        public BootOutcome Live(IApplication application)
        {
            PowerOn();
            return BootRunner.Run(Sequence, _bootPorts, application);
        }

        private void PowerOn()
        {
            // One set of ports for the sequence and its runner, as Program.cs wires them.
            Log = new RecordingLog();
            _bootPorts = Ports();
            Sequence = new BootSequence(_bootPorts, Settings);
        }

        /// <summary>The application reports that the hub refused the device: the boot goes on from there.</summary>
        public BootOutcome HubRefused()
        {
            return BootRunner.Run(Sequence, Sequence.HubRefused(), _bootPorts);
        }

        /// <summary>device.json as it is in flash now.</summary>
        public string DeployedConfig()
        {
            return Flash.Peek(DeviceConfigFile.FileName);
        }

        public BootPorts Ports()
        {
            BootPorts ports = new BootPorts();
            ports.Flash = Flash;
            ports.ConfigParser = Parser;
            ports.Network = Network;
            ports.ClockSync = ClockSync;
            ports.Roots = Roots;
            ports.Http = Dps;
            ports.Hmac = TestPlatform.Hmac();
            ports.Clock = Clock;
            ports.Delay = Delay;
            ports.Random = new SequenceRandom(500);
            ports.Log = Log;
            ports.Redactor = Log;
            ports.Power = Power;
            return ports;
        }
    }
}
