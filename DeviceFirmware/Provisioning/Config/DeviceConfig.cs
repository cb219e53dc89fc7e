namespace NanoDps.Provisioning
{
    /// <summary>
    /// The device's configuration as deployed in device.json (property names are the JSON names,
    /// matched case-insensitively). Plain settable properties so that nanoFramework.Json and
    /// System.Text.Json can fill it; <see cref="ConfigValidator"/> checks it and
    /// <see cref="ApplyDefaults"/> fills what was left out.
    /// </summary>
    public class DeviceConfig
    {
        /// <summary>Default DPS global endpoint.</summary>
        public const string DefaultEndpoint = "global.azure-devices-provisioning.net";

        /// <summary>Default DPS device API version.</summary>
        public const string DefaultApiVersion = "2021-10-01";

        /// <summary>Default prefix of the MAC-based registration id.</summary>
        public const string DefaultRegistrationIdPrefix = "nanodps";

        /// <summary>Default lifetime of a SAS token: one hour.</summary>
        public const int DefaultSasTtlSeconds = 3600;

        /// <summary>Default overall deadline of one provisioning attempt: one hour, enough for a
        /// 30,000-device power-cut storm at the default DPS quota (1,000 registrations a minute).</summary>
        public const int DefaultDeadlineSeconds = 3600;

        /// <summary>Default interval of the default application's telemetry: five minutes (288 messages a
        /// day, well inside the 8,000 a day of IoT Hub's free tier).</summary>
        public const int DefaultTelemetryIntervalSeconds = 300;

        /// <summary>"wifiSsid": network name (device only).</summary>
        public string WifiSsid { get; set; }

        /// <summary>"wifiPassword": network password (device only). Secret.</summary>
        public string WifiPassword { get; set; }

        /// <summary>"idScope": the DPS instance's ID scope, e.g. 0ne00ABCDEF.</summary>
        public string IdScope { get; set; }

        /// <summary>"endpoint": DPS host name, with ":port" for a local emulator.</summary>
        public string Endpoint { get; set; }

        /// <summary>"apiVersion": DPS device API version.</summary>
        public string ApiVersion { get; set; }

        /// <summary>"groupKey": enrollment group key (base64); the device key is derived from it. Secret.</summary>
        public string GroupKey { get; set; }

        /// <summary>"deviceKey": individual enrollment key (base64), used as it is. Secret.</summary>
        public string DeviceKey { get; set; }

        /// <summary>"registrationIdPrefix": prefix of the MAC-based registration id.</summary>
        public string RegistrationIdPrefix { get; set; }

        /// <summary>"registrationId": explicit registration id; overrides the MAC-based one.</summary>
        public string RegistrationId { get; set; }

        /// <summary>"sasTtlSeconds": lifetime of each SAS token.</summary>
        public int SasTtlSeconds { get; set; }

        /// <summary>"deadlineSeconds": overall time one provisioning attempt may take.</summary>
        public int DeadlineSeconds { get; set; }

        /// <summary>
        /// "keepGroupKey": true keeps the group key in device.json. By default the first boot
        /// replaces it with this board's derived device key, so a board taken from the field
        /// exposes only its own key.
        /// </summary>
        public bool KeepGroupKey { get; set; }

        /// <summary>"telemetryIntervalSeconds": how often the default application reports to the hub.</summary>
        public int TelemetryIntervalSeconds { get; set; }

        /// <summary>
        /// "payload": custom data sent with the registration, as the JSON text of an object
        /// (the adapter turns the JSON object in device.json into this text).
        /// </summary>
        public string PayloadJson { get; set; }

        /// <summary>Fills every optional field that was left empty with its default.</summary>
        public void ApplyDefaults()
        {
            if (IsEmpty(Endpoint))
            {
                Endpoint = DefaultEndpoint;
            }

            if (IsEmpty(ApiVersion))
            {
                ApiVersion = DefaultApiVersion;
            }

            if (IsEmpty(RegistrationIdPrefix))
            {
                RegistrationIdPrefix = DefaultRegistrationIdPrefix;
            }

            if (SasTtlSeconds == 0)
            {
                SasTtlSeconds = DefaultSasTtlSeconds;
            }

            if (DeadlineSeconds == 0)
            {
                DeadlineSeconds = DefaultDeadlineSeconds;
            }

            if (TelemetryIntervalSeconds == 0)
            {
                TelemetryIntervalSeconds = DefaultTelemetryIntervalSeconds;
            }
        }

        internal static bool IsEmpty(string value)
        {
            return value == null || value.Length == 0;
        }
    }
}
