namespace NanoDps.Provisioning
{
    /// <summary>
    /// A device.json as read: the configuration (when the text is one JSON object), the problems
    /// found, each naming its field (or "device.json" for the file as a whole), and notes that are
    /// not problems (an unknown field that is ignored).
    /// </summary>
    public sealed class ConfigParseResult
    {
        /// <summary>Creates a result; null arrays become empty ones.</summary>
        public ConfigParseResult(DeviceConfig config, ConfigError[] errors, string[] notes)
        {
            Config = config;
            Errors = errors ?? new ConfigError[0];
            Notes = notes ?? new string[0];
        }

        /// <summary>The configuration; null when the text is not a JSON object at all.</summary>
        public DeviceConfig Config { get; }

        /// <summary>Every problem found; empty when there is none.</summary>
        public ConfigError[] Errors { get; }

        /// <summary>Remarks for the log that are not problems.</summary>
        public string[] Notes { get; }

        /// <summary>True when there is a configuration and no problem.</summary>
        public bool IsValid
        {
            get { return Config != null && Errors.Length == 0; }
        }

        /// <summary>A text that is not one JSON object: <paramref name="problem"/> says why (a line and position where the library tells).</summary>
        public static ConfigParseResult NotAnObject(string problem)
        {
            return new ConfigParseResult(null, new ConfigError[] { new ConfigError(DeviceConfigFile.FileName, problem) }, null);
        }
    }
}
