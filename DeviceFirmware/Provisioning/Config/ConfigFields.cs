namespace NanoDps.Provisioning
{
    /// <summary>
    /// Every field of device.json, in the order the core writes them. The reader, the writer, the
    /// comparison after a rewrite, the copy and the placeholder check all walk this table, so a
    /// field added to <see cref="DeviceConfig"/> needs one line here and nothing else.
    /// </summary>
    public static class ConfigFields
    {
        private const bool Secret = true;
        private const bool Wifi = true;

        /// <summary>The fields: name, kind, secret, Wi-Fi, placeholder hint, get, set.</summary>
        public static readonly ConfigField[] All = new ConfigField[]
        {
            new ConfigField("wifiSsid", ConfigFieldKind.Text, false, Wifi, "your 2.4 GHz Wi-Fi network name", c => c.WifiSsid, (c, v) => c.WifiSsid = (string)v),
            new ConfigField("wifiPassword", ConfigFieldKind.Text, Secret, Wifi, "your Wi-Fi password (empty for an open network)", c => c.WifiPassword, (c, v) => c.WifiPassword = (string)v),
            new ConfigField("idScope", ConfigFieldKind.Text, false, false, "the ID Scope from the DPS overview page", c => c.IdScope, (c, v) => c.IdScope = (string)v),
            new ConfigField("endpoint", ConfigFieldKind.Text, false, false, "the DPS host name", c => c.Endpoint, (c, v) => c.Endpoint = (string)v),
            new ConfigField("apiVersion", ConfigFieldKind.Text, false, false, "a date like 2021-10-01", c => c.ApiVersion, (c, v) => c.ApiVersion = (string)v),
            new ConfigField("groupKey", ConfigFieldKind.Text, Secret, false, "the enrollment group's primary key", c => c.GroupKey, (c, v) => c.GroupKey = (string)v),
            new ConfigField("deviceKey", ConfigFieldKind.Text, Secret, false, "the individual enrollment's key, or empty", c => c.DeviceKey, (c, v) => c.DeviceKey = (string)v),
            new ConfigField("registrationIdPrefix", ConfigFieldKind.Text, false, false, "a prefix like nanodps", c => c.RegistrationIdPrefix, (c, v) => c.RegistrationIdPrefix = (string)v),
            new ConfigField("registrationId", ConfigFieldKind.Text, false, false, "an explicit registration id, or empty", c => c.RegistrationId, (c, v) => c.RegistrationId = (string)v),
            new ConfigField("sasTtlSeconds", ConfigFieldKind.Seconds, false, false, null, c => c.SasTtlSeconds, (c, v) => c.SasTtlSeconds = (int)v),
            new ConfigField("deadlineSeconds", ConfigFieldKind.Seconds, false, false, null, c => c.DeadlineSeconds, (c, v) => c.DeadlineSeconds = (int)v),
            new ConfigField("telemetryIntervalSeconds", ConfigFieldKind.Seconds, false, false, null, c => c.TelemetryIntervalSeconds, (c, v) => c.TelemetryIntervalSeconds = (int)v),
            new ConfigField("keepGroupKey", ConfigFieldKind.Flag, false, false, null, c => c.KeepGroupKey, (c, v) => c.KeepGroupKey = (bool)v),
            new ConfigField("payload", ConfigFieldKind.Json, false, false, null, c => c.PayloadJson, (c, v) => c.PayloadJson = (string)v),
        };

        /// <summary>The field named <paramref name="name"/>, without regard to case; null for none.</summary>
        public static ConfigField Find(string name)
        {
            string lower = name.ToLower();
            foreach (ConfigField field in All)
            {
                if (field.Name.ToLower() == lower)
                {
                    return field;
                }
            }

            return null;
        }

        /// <summary>A field-by-field copy of <paramref name="config"/>.</summary>
        public static DeviceConfig Copy(DeviceConfig config)
        {
            DeviceConfig copy = new DeviceConfig();
            foreach (ConfigField field in All)
            {
                field.Set(copy, field.Get(config));
            }

            return copy;
        }
    }
}
