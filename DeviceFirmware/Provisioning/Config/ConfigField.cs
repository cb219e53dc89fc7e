namespace NanoDps.Provisioning
{
    /// <summary>How a device.json field is written in JSON and compared.</summary>
    public enum ConfigFieldKind
    {
        /// <summary>A string; empty is the same as absent.</summary>
        Text,

        /// <summary>A whole number of seconds; 0 means "use the default".</summary>
        Seconds,

        /// <summary>true or false; written only when true.</summary>
        Flag,

        /// <summary>A JSON object kept as its text; compared by presence (a JSON library may reorder it).</summary>
        Json,
    }

    /// <summary>Reads one field of a <see cref="DeviceConfig"/>, boxed.</summary>
    public delegate object ConfigGetter(DeviceConfig config);

    /// <summary>Sets one field of a <see cref="DeviceConfig"/> from a value of its kind, boxed.</summary>
    public delegate void ConfigSetter(DeviceConfig config, object value);

    /// <summary>One field of device.json: its JSON name, kind, and how to read and set it.</summary>
    public sealed class ConfigField
    {
        internal ConfigField(string name, ConfigFieldKind kind, bool secret, bool wifi, string placeholderHint, ConfigGetter get, ConfigSetter set)
        {
            Name = name;
            Kind = kind;
            IsSecret = secret;
            IsWifi = wifi;
            PlaceholderHint = placeholderHint;
            Get = get;
            Set = set;
        }

        /// <summary>The JSON name, as written (matched without case when read).</summary>
        public string Name { get; private set; }

        /// <summary>How the value is written and compared.</summary>
        public ConfigFieldKind Kind { get; private set; }

        /// <summary>True for a value that must never reach a log.</summary>
        public bool IsSecret { get; private set; }

        /// <summary>True for the board's Wi-Fi settings, which a PC does not need.</summary>
        public bool IsWifi { get; private set; }

        /// <summary>What replaces the template's "&lt;...&gt;" placeholder, for the error; null for a field the template does not hold.</summary>
        public string PlaceholderHint { get; private set; }

        /// <summary>Reads the field (a string, an int, a bool, or the JSON text).</summary>
        public ConfigGetter Get { get; private set; }

        /// <summary>Sets the field.</summary>
        public ConfigSetter Set { get; private set; }

        /// <summary>True when the field holds no value: an empty string, 0 seconds, false.</summary>
        public bool IsUnset(DeviceConfig config)
        {
            object value = Get(config);
            switch (Kind)
            {
                case ConfigFieldKind.Seconds: return (int)value == 0;
                case ConfigFieldKind.Flag: return !(bool)value;
                default: return DeviceConfig.IsEmpty((string)value);
            }
        }

        /// <summary>True when <paramref name="a"/> and <paramref name="b"/> hold the same value of this field, as device.json read back may hold it.</summary>
        public bool Same(DeviceConfig a, DeviceConfig b)
        {
            switch (Kind)
            {
                case ConfigFieldKind.Seconds: return (int)Get(a) == (int)Get(b);
                case ConfigFieldKind.Flag: return (bool)Get(a) == (bool)Get(b);
                case ConfigFieldKind.Json: return IsUnset(a) == IsUnset(b);
                default: return IsUnset(a) ? IsUnset(b) : (string)Get(a) == (string)Get(b);
            }
        }
    }
}
