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
            foreach (ConfigField field in ConfigFields.All)
            {
                // Seconds are written even when 0 ("use the default"), as the defaults applied leave none at 0.
                if (field.Kind != ConfigFieldKind.Seconds && field.IsUnset(config))
                {
                    continue;
                }

                object value = field.Get(config);
                string valueJson;
                switch (field.Kind)
                {
                    case ConfigFieldKind.Text: valueJson = JsonText.Quote((string)value); break;
                    case ConfigFieldKind.Flag: valueJson = "true"; break;
                    case ConfigFieldKind.Json: valueJson = (string)value; break;
                    default: valueJson = value.ToString(); break;
                }

                json += ",\n  \"" + field.Name + "\": " + valueJson;
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
            foreach (ConfigField field in ConfigFields.All)
            {
                if (!field.Same(written, read))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
