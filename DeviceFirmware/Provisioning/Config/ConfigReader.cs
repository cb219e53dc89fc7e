using System.Collections;

namespace NanoDps.Provisioning
{
    /// <summary>
    /// Turns the members of device.json, as the platform's JSON library hands them over, into a
    /// <see cref="DeviceConfig"/>, the same way on every platform: names matched without case,
    /// each value checked for its JSON type with an error that names the field, unknown members
    /// noted (except "_..." and "$..." ones, which are comments). A parser adapter only walks the
    /// JSON object and passes each member on.
    /// </summary>
    public sealed class ConfigReader
    {
        private static readonly string[] TextFields = new string[]
        {
            "wifiSsid", "wifiPassword", "idScope", "endpoint", "apiVersion", "groupKey", "deviceKey", "registrationIdPrefix", "registrationId",
        };

        private static readonly string[] NumberFields = new string[] { "sasTtlSeconds", "deadlineSeconds", "telemetryIntervalSeconds" };

        private readonly DeviceConfig _config = new DeviceConfig();
        private readonly ArrayList _errors = new ArrayList();
        private readonly ArrayList _notes = new ArrayList();
        private readonly ArrayList _seen = new ArrayList();

        /// <summary>
        /// A member with a plain value: a string, a boolean, a number (int, long, ulong or double,
        /// boxed) or null (a JSON null: as if the member were absent).
        /// </summary>
        public void Value(string name, object value)
        {
            string field = Field(name);
            if (field == null || value == null)
            {
                return;
            }

            if (field == "payload")
            {
                // As JSON text: the core's check then says "must be a JSON object".
                _config.PayloadJson = value is string ? JsonText.Quote((string)value) : Literal(value);
            }
            else if (field == "keepGroupKey")
            {
                if (value is bool)
                {
                    _config.KeepGroupKey = (bool)value;
                }
                else
                {
                    Error(field, "must be true or false, without quotes");
                }
            }
            else if (IsIn(field, NumberFields))
            {
                long number;
                if (WholeNumber(value, out number) && number >= int.MinValue && number <= int.MaxValue)
                {
                    SetNumber(field, (int)number);
                }
                else
                {
                    Error(field, "must be a whole number of seconds, without quotes");
                }
            }
            else if (value is string)
            {
                SetText(field, (string)value);
            }
            else
            {
                Error(field, "must be a string in double quotes");
            }
        }

        /// <summary>A member whose value is an object or an array, given as its JSON text.</summary>
        public void Nested(string name, string json)
        {
            string field = Field(name);
            if (field == null)
            {
                return;
            }

            if (field == "payload")
            {
                _config.PayloadJson = json;
            }
            else
            {
                Error(field, IsIn(field, NumberFields) ? "must be a whole number of seconds, without quotes"
                    : field == "keepGroupKey" ? "must be true or false, without quotes" : "must be a string in double quotes");
            }
        }

        /// <summary>A remark of the platform's own for the log (not a problem).</summary>
        public void Note(string note)
        {
            _notes.Add(note);
        }

        /// <summary>The configuration read so far, every problem and every note.</summary>
        public ConfigParseResult Result()
        {
            ConfigError[] errors = new ConfigError[_errors.Count];
            _errors.CopyTo(errors);
            string[] notes = new string[_notes.Count];
            _notes.CopyTo(notes);
            return new ConfigParseResult(_config, errors, notes);
        }

        private string Field(string name)
        {
            string field = Known(name);
            if (field == null)
            {
                if (!name.StartsWith("_") && !name.StartsWith("$"))
                {
                    _notes.Add("unknown field \"" + name + "\" is ignored");
                }

                return null;
            }

            if (_seen.Contains(field))
            {
                Error(field, "appears twice");
                return null;
            }

            _seen.Add(field);
            return field;
        }

        private static string Known(string name)
        {
            string lower = name.ToLower();
            if (lower == "payload")
            {
                return "payload";
            }

            if (lower == "keepgroupkey")
            {
                return "keepGroupKey";
            }

            foreach (string field in TextFields)
            {
                if (field.ToLower() == lower)
                {
                    return field;
                }
            }

            foreach (string field in NumberFields)
            {
                if (field.ToLower() == lower)
                {
                    return field;
                }
            }

            return null;
        }

        private static bool WholeNumber(object value, out long number)
        {
            number = 0;
            if (value is int)
            {
                number = (int)value;
                return true;
            }

            if (value is long)
            {
                number = (long)value;
                return true;
            }

            return false;
        }

        private static bool IsIn(string field, string[] fields)
        {
            foreach (string f in fields)
            {
                if (f == field)
                {
                    return true;
                }
            }

            return false;
        }

        private static string Literal(object value)
        {
            return value is bool ? ((bool)value ? "true" : "false") : value.ToString();
        }

        private void Error(string field, string problem)
        {
            _errors.Add(new ConfigError(field, problem));
        }

        private void SetText(string field, string value)
        {
            switch (field)
            {
                case "wifiSsid": _config.WifiSsid = value; break;
                case "wifiPassword": _config.WifiPassword = value; break;
                case "idScope": _config.IdScope = value; break;
                case "endpoint": _config.Endpoint = value; break;
                case "apiVersion": _config.ApiVersion = value; break;
                case "groupKey": _config.GroupKey = value; break;
                case "deviceKey": _config.DeviceKey = value; break;
                case "registrationIdPrefix": _config.RegistrationIdPrefix = value; break;
                default: _config.RegistrationId = value; break;
            }
        }

        private void SetNumber(string field, int value)
        {
            switch (field)
            {
                case "sasTtlSeconds": _config.SasTtlSeconds = value; break;
                case "deadlineSeconds": _config.DeadlineSeconds = value; break;
                default: _config.TelemetryIntervalSeconds = value; break;
            }
        }
    }
}
