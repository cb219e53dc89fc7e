using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// A <see cref="FakeDelay"/> during which someone deploys a device.json: at the end of wait
    /// number <see cref="DeployAtWait"/> (1 for the first) the file appears in flash.
    /// </summary>
    public sealed class DeployingDelay : IDelay
    {
        private readonly FakeDelay _delay;
        private readonly MemoryFlash _flash;
        private readonly string _json;

        public DeployingDelay(FakeDelay delay, MemoryFlash flash, int deployAtWait, string json)
        {
            _delay = delay;
            _flash = flash;
            DeployAtWait = deployAtWait;
            _json = json;
        }

        public int DeployAtWait { get; }

        public void Sleep(int milliseconds)
        {
            _delay.Sleep(milliseconds);
            if (_delay.Waits.Count == DeployAtWait)
            {
                _flash.Put(DeviceConfigFile.FileName, _json);
            }
        }
    }
}
