using System.Collections;

namespace NanoDps.Provisioning
{
    /// <summary>
    /// Checks a <see cref="DeviceConfig"/> and reports every problem at once, each with the JSON
    /// name of its field. Messages never repeat a secret.
    /// </summary>
    public static class ConfigValidator
    {
        /// <summary>Shortest SAS lifetime accepted: a token must outlive one request with retries.</summary>
        public const int MinSasTtlSeconds = 60;

        /// <summary>Longest SAS lifetime accepted: one day, as the longest SDK default.</summary>
        public const int MaxSasTtlSeconds = 86400;

        /// <summary>Shortest deadline accepted.</summary>
        public const int MinDeadlineSeconds = 30;

        /// <summary>Longest deadline accepted: one day.</summary>
        public const int MaxDeadlineSeconds = 86400;

        /// <summary>
        /// Shortest telemetry interval accepted: 8,640 messages a day, more than IoT Hub's free tier
        /// allows (8,000 a day, one per 11 s), so a free-tier hub needs 11 s or more.
        /// </summary>
        public const int MinTelemetryIntervalSeconds = 10;

        /// <summary>Longest telemetry interval accepted: one day.</summary>
        public const int MaxTelemetryIntervalSeconds = 86400;

        /// <summary>
        /// Every problem of <paramref name="config"/> (after <see cref="DeviceConfig.ApplyDefaults"/>);
        /// an empty array when it is valid. <paramref name="requireWifi"/> is true on the board and
        /// false on a PC, where the Wi-Fi fields are ignored.
        /// </summary>
        public static ConfigError[] Validate(DeviceConfig config, bool requireWifi)
        {
            // A field still holding the template's "<...>" gets that one error, not a second one
            // about its shape (Add keeps the first error of each field).
            ArrayList errors = new ArrayList();
            CheckPlaceholders(config, requireWifi, errors);
            if (requireWifi)
            {
                CheckWifi(config, errors);
            }

            CheckIdScope(config.IdScope, errors);
            CheckEndpoint(config.Endpoint, errors);
            CheckApiVersion(config.ApiVersion, errors);
            CheckKeys(config, errors);
            CheckRegistrationId(config, errors);
            CheckRange("sasTtlSeconds", config.SasTtlSeconds, MinSasTtlSeconds, MaxSasTtlSeconds, errors);
            CheckRange("deadlineSeconds", config.DeadlineSeconds, MinDeadlineSeconds, MaxDeadlineSeconds, errors);
            CheckRange("telemetryIntervalSeconds", config.TelemetryIntervalSeconds, MinTelemetryIntervalSeconds, MaxTelemetryIntervalSeconds, errors);
            if (!DeviceConfig.IsEmpty(config.PayloadJson))
            {
                Add(errors, "payload", JsonText.CheckObject(config.PayloadJson));
            }

            ConfigError[] result = new ConfigError[errors.Count];
            errors.CopyTo(result);
            return result;
        }

        private static void CheckPlaceholders(DeviceConfig config, bool requireWifi, ArrayList errors)
        {
            foreach (ConfigField field in ConfigFields.All)
            {
                if (field.PlaceholderHint != null && (requireWifi || !field.IsWifi))
                {
                    CheckPlaceholder(field.Name, (string)field.Get(config), field.PlaceholderHint, errors);
                }
            }

            string payload = config.PayloadJson;
            int open = payload == null ? -1 : payload.IndexOf("\"<");
            if (open >= 0 && payload.IndexOf(">\"", open) > open)
            {
                Add(errors, "payload", "still holds a \"<...>\" placeholder from the template: replace it with a real value or remove it");
            }
        }

        private static void CheckPlaceholder(string field, string value, string what, ArrayList errors)
        {
            string text = value == null ? string.Empty : value.Trim();
            if (text.Length >= 2 && text[0] == '<' && text[text.Length - 1] == '>')
            {
                // The value is not repeated: in a secret field it could be a real secret after all.
                Add(errors, field, "still holds the template's <...> placeholder: replace it with " + what);
            }
        }

        private static void CheckWifi(DeviceConfig config, ArrayList errors)
        {
            if (DeviceConfig.IsEmpty(config.WifiSsid))
            {
                Add(errors, "wifiSsid", "is missing: the board needs a Wi-Fi network to reach DPS");
            }
            else if (config.WifiSsid.Length > 32)
            {
                Add(errors, "wifiSsid", "is " + config.WifiSsid.Length.ToString() + " characters long; an SSID has at most 32");
            }

            if (config.WifiPassword != null && config.WifiPassword.Length > 64)
            {
                Add(errors, "wifiPassword", "is longer than 64 characters, the WPA2 limit");
            }
        }

        private static void CheckIdScope(string idScope, ArrayList errors)
        {
            if (DeviceConfig.IsEmpty(idScope))
            {
                Add(errors, "idScope", "is missing: copy the ID Scope from the DPS overview page (it looks like 0ne00ABCDEF)");
            }
            else if (idScope.Length > 64 || !Ascii.IsPrintableWithoutSpace(idScope) || HasAnyOf(idScope, "/?#&%"))
            {
                Add(errors, "idScope", "must be up to 64 printable ASCII characters without spaces or / ? # & %");
            }
        }

        private static void CheckEndpoint(string endpoint, ArrayList errors)
        {
            if (DeviceConfig.IsEmpty(endpoint))
            {
                Add(errors, "endpoint", "is missing: use global.azure-devices-provisioning.net");
                return;
            }

            if (endpoint.IndexOf("://") >= 0 || endpoint.IndexOf('/') >= 0)
            {
                Add(errors, "endpoint", "must be a host name only, like global.azure-devices-provisioning.net (no https://, no path)");
                return;
            }

            string host = HostPort.Host(endpoint);
            if (host.Length == 0 || host.Length > 253 || !IsHostName(host))
            {
                Add(errors, "endpoint", "is not a host name: use letters, digits, '-' and '.'");
            }
            else if (HostPort.Port(endpoint) < 0)
            {
                Add(errors, "endpoint", "has a port that is not a number from 1 to 65535");
            }
        }

        private static void CheckApiVersion(string apiVersion, ArrayList errors)
        {
            bool shape = apiVersion != null && apiVersion.Length == 10 && apiVersion[4] == '-' && apiVersion[7] == '-';
            for (int i = 0; shape && i < apiVersion.Length; i++)
            {
                shape = i == 4 || i == 7 || (apiVersion[i] >= '0' && apiVersion[i] <= '9');
            }

            if (!shape)
            {
                Add(errors, "apiVersion", "must be a date like 2021-10-01");
            }
        }

        private static void CheckKeys(DeviceConfig config, ArrayList errors)
        {
            bool hasGroup = !DeviceConfig.IsEmpty(config.GroupKey);
            bool hasDevice = !DeviceConfig.IsEmpty(config.DeviceKey);
            if (hasGroup && hasDevice)
            {
                Add(errors, "groupKey", "and deviceKey are both set: give the group key of an enrollment group or the key of an individual enrollment, not both");
            }
            else if (!hasGroup && !hasDevice)
            {
                Add(errors, "groupKey", "is missing: give groupKey (enrollment group) or deviceKey (individual enrollment)");
            }
            else if (hasGroup)
            {
                Add(errors, "groupKey", Base64Key.Check(config.GroupKey));
            }
            else
            {
                Add(errors, "deviceKey", Base64Key.Check(config.DeviceKey));
            }
        }

        private static void CheckRegistrationId(DeviceConfig config, ArrayList errors)
        {
            if (!DeviceConfig.IsEmpty(config.RegistrationId))
            {
                Add(errors, "registrationId", RegistrationId.Check(config.RegistrationId));
            }
            else if (DeviceConfig.IsEmpty(config.RegistrationIdPrefix))
            {
                Add(errors, "registrationIdPrefix", "is missing: give a prefix (default nanodps) or an explicit registrationId");
            }
            else
            {
                Add(errors, "registrationIdPrefix", RegistrationId.CheckPrefix(config.RegistrationIdPrefix));
            }
        }

        private static void CheckRange(string field, int value, int min, int max, ArrayList errors)
        {
            if (value < min || value > max)
            {
                Add(errors, field, "is " + value.ToString() + "; it must be from " + min.ToString() + " to " + max.ToString());
            }
        }

        private static bool IsHostName(string host)
        {
            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                if (!Ascii.IsAlphanumeric(c) && c != '-' && c != '.')
                {
                    return false;
                }
            }

            return host[0] != '.' && host[0] != '-' && host[host.Length - 1] != '.';
        }

        private static bool HasAnyOf(string text, string characters)
        {
            for (int i = 0; i < characters.Length; i++)
            {
                if (text.IndexOf(characters[i]) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static void Add(ArrayList errors, string field, string problem)
        {
            if (problem == null)
            {
                return;
            }

            foreach (ConfigError error in errors)
            {
                if (error.Field == field)
                {
                    return;
                }
            }

            errors.Add(new ConfigError(field, problem));
        }
    }
}
