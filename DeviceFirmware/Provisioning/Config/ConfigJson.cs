namespace NanoDps.Provisioning
{
    /// <summary>
    /// Writes a <see cref="DeviceConfig"/> as device.json, the way the core rewrites the file after
    /// replacing the group key: every field that is set, one per line, the payload as its JSON text.
    /// </summary>
    public static class ConfigJson
    {
        /// <summary>The JSON text of <paramref name="config"/> (defaults applied), with a first member saying who wrote it.</summary>
        public static string Write(DeviceConfig config, string comment)
        {
            string json = "{\n  \"_comment\": " + JsonText.Quote(comment);
            json = Text(json, "wifiSsid", config.WifiSsid);
            json = Text(json, "wifiPassword", config.WifiPassword);
            json = Text(json, "idScope", config.IdScope);
            json = Text(json, "endpoint", config.Endpoint);
            json = Text(json, "apiVersion", config.ApiVersion);
            json = Text(json, "groupKey", config.GroupKey);
            json = Text(json, "deviceKey", config.DeviceKey);
            json = Text(json, "registrationIdPrefix", config.RegistrationIdPrefix);
            json = Text(json, "registrationId", config.RegistrationId);
            json = Member(json, "sasTtlSeconds", config.SasTtlSeconds.ToString());
            json = Member(json, "deadlineSeconds", config.DeadlineSeconds.ToString());
            json = Member(json, "telemetryIntervalSeconds", config.TelemetryIntervalSeconds.ToString());
            if (config.KeepGroupKey)
            {
                json = Member(json, "keepGroupKey", "true");
            }

            if (!DeviceConfig.IsEmpty(config.PayloadJson))
            {
                json = Member(json, "payload", config.PayloadJson);
            }

            return json + "\n}\n";
        }

        /// <summary>
        /// True when <paramref name="read"/> (as parsed back, defaults applied) holds the same
        /// settings as <paramref name="written"/>: every field equal, an empty string the same as
        /// none, and the payload present in both or in neither (a JSON library may reorder it).
        /// </summary>
        public static bool SameSettings(DeviceConfig written, DeviceConfig read)
        {
            return Same(written.WifiSsid, read.WifiSsid) && Same(written.WifiPassword, read.WifiPassword)
                && Same(written.IdScope, read.IdScope) && Same(written.Endpoint, read.Endpoint) && Same(written.ApiVersion, read.ApiVersion)
                && Same(written.GroupKey, read.GroupKey) && Same(written.DeviceKey, read.DeviceKey)
                && Same(written.RegistrationIdPrefix, read.RegistrationIdPrefix) && Same(written.RegistrationId, read.RegistrationId)
                && written.SasTtlSeconds == read.SasTtlSeconds && written.DeadlineSeconds == read.DeadlineSeconds
                && written.TelemetryIntervalSeconds == read.TelemetryIntervalSeconds && written.KeepGroupKey == read.KeepGroupKey
                && DeviceConfig.IsEmpty(written.PayloadJson) == DeviceConfig.IsEmpty(read.PayloadJson);
        }

        private static string Text(string json, string name, string value)
        {
            return DeviceConfig.IsEmpty(value) ? json : Member(json, name, JsonText.Quote(value));
        }

        private static string Member(string json, string name, string valueJson)
        {
            return json + ",\n  \"" + name + "\": " + valueJson;
        }

        private static bool Same(string a, string b)
        {
            return DeviceConfig.IsEmpty(a) ? DeviceConfig.IsEmpty(b) : a == b;
        }
    }
}
