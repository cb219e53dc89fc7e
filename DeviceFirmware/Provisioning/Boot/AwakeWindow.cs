namespace NanoDps.Provisioning
{
    /// <summary>
    /// The minute a failed boot stays awake after a power-on or RESET, so that nanoff or Visual
    /// Studio can reach the board: it waits in short steps and ends early when a new device.json
    /// has been deployed and reads the same twice in a row (not in the middle of nanoff writing it).
    /// </summary>
    public sealed class AwakeWindow
    {
        private readonly DeviceConfigFile _configFile;
        private readonly int _stepMilliseconds;
        private int _leftMilliseconds;
        private int _lastWaitMilliseconds;
        private string _deployedBefore;

        /// <summary>A window of <paramref name="milliseconds"/>, looking at <paramref name="configFile"/> every <paramref name="stepMilliseconds"/>.</summary>
        public AwakeWindow(DeviceConfigFile configFile, int milliseconds, int stepMilliseconds)
        {
            _configFile = configFile;
            _leftMilliseconds = milliseconds;
            _stepMilliseconds = stepMilliseconds;
        }

        /// <summary>How long to wait before the next look.</summary>
        public int NextWaitMilliseconds()
        {
            _lastWaitMilliseconds = _leftMilliseconds < _stepMilliseconds ? _leftMilliseconds : _stepMilliseconds;
            return _lastWaitMilliseconds;
        }

        /// <summary>After a wait: a new device.json (restart now), the window still open (wait again), or over (sleep).</summary>
        public AwakeState AfterWait()
        {
            _leftMilliseconds -= _lastWaitMilliseconds;
            string deployed = _configFile.NewText();
            bool settled = deployed != null && deployed == _deployedBefore;
            _deployedBefore = deployed;
            if (settled || (deployed != null && _leftMilliseconds <= 0))
            {
                return AwakeState.NewConfig;
            }

            return _leftMilliseconds > 0 ? AwakeState.Open : AwakeState.Over;
        }
    }
}
