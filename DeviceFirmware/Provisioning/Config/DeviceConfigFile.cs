using System.Collections;

namespace NanoDps.Provisioning
{
    /// <summary>
    /// device.json in flash, where <c>nanoff --filedeployment</c> puts it: read through the
    /// platform's <see cref="IConfigParser"/>, defaults applied and checked by
    /// <see cref="ConfigValidator"/>; rewritten by the core only to take the group key out
    /// (<see cref="ReplaceGroupKey"/>), as a <see cref="DurableFile"/>; and watched for a new
    /// deployment while a failed boot stays awake.
    /// </summary>
    public sealed class DeviceConfigFile
    {
        /// <summary>The configuration file.</summary>
        public const string FileName = "device.json";

        private readonly IFlashStore _flash;
        private readonly IConfigParser _parser;
        private readonly DurableFile _file;
        private string _text;

        /// <summary>device.json on <paramref name="flash"/>, read with <paramref name="parser"/>.</summary>
        public DeviceConfigFile(IFlashStore flash, IConfigParser parser)
        {
            _flash = flash;
            _parser = parser;
            _file = new DurableFile(flash, FileName, new ConfigFormat(parser));
        }

        /// <summary>
        /// The file read, parsed, defaults applied and checked, every problem with its field; null
        /// when there is no device.json. <paramref name="requireWifi"/>: see <see cref="ConfigValidator.Validate"/>.
        /// </summary>
        public ConfigParseResult Load(bool requireWifi)
        {
            _text = _file.Load();
            return _text == null ? null : Check(_text, requireWifi);
        }

        /// <summary>What <paramref name="text"/> (a device.json) holds, checked as <see cref="Load"/> checks the file.</summary>
        public ConfigParseResult Check(string text, bool requireWifi)
        {
            return Check(text, _parser, requireWifi);
        }

        /// <summary>What <paramref name="text"/> holds as <paramref name="parser"/> reads it: defaults applied, every problem with its field.</summary>
        public static ConfigParseResult Check(string text, IConfigParser parser, bool requireWifi)
        {
            ConfigParseResult parsed = parser.Parse(text);
            DeviceConfig config = parsed.Config;
            if (config == null)
            {
                return parsed;
            }

            // A field the parser already refused (say, a number in quotes) is not reported twice.
            config.ApplyDefaults();
            ArrayList errors = new ArrayList();
            foreach (ConfigError error in parsed.Errors)
            {
                errors.Add(error);
            }

            foreach (ConfigError error in ConfigValidator.Validate(config, requireWifi))
            {
                if (!HasField(parsed.Errors, error.Field))
                {
                    errors.Add(error);
                }
            }

            ConfigError[] all = new ConfigError[errors.Count];
            errors.CopyTo(all);
            return new ConfigParseResult(config, all, parsed.Notes);
        }

        /// <summary>
        /// Rewrites device.json with <paramref name="deviceKey"/> (base64) and <paramref name="registrationId"/>
        /// in place of the group key of <paramref name="config"/>. The new text is parsed back with
        /// the platform's parser and must hold the same settings before the file is replaced; null
        /// when all went well, otherwise why the file was left as it was.
        /// </summary>
        public string ReplaceGroupKey(DeviceConfig config, string registrationId, string deviceKey, string comment)
        {
            DeviceConfig replaced = ConfigFields.Copy(config);
            replaced.GroupKey = null;
            replaced.DeviceKey = deviceKey;
            replaced.RegistrationId = registrationId;
            string text = ConfigJson.Write(replaced, comment);
            ConfigParseResult back = Check(text, false);
            if (back.Config == null || !ConfigJson.SameSettings(replaced, back.Config))
            {
                return "the platform's JSON library does not read the new device.json back as written";
            }

            _file.Save(text);
            _text = text;
            return null;
        }

        /// <summary>
        /// The text of device.json when it now differs from what this boot read or wrote (a new
        /// one was deployed), otherwise null; a file that went away counts as no change. Reads only.
        /// </summary>
        public string NewText()
        {
            string text = _flash.ReadText(FileName);
            return text == null || text == _text ? null : text;
        }

        private static bool HasField(ConfigError[] errors, string field)
        {
            foreach (ConfigError error in errors)
            {
                if (error.Field == field)
                {
                    return true;
                }
            }

            return false;
        }

        private sealed class ConfigFormat : IFileFormat
        {
            private readonly IConfigParser _parser;

            public ConfigFormat(IConfigParser parser)
            {
                _parser = parser;
            }

            public bool IsWhole(string text)
            {
                return _parser.Parse(text).Config != null;
            }
        }
    }
}
