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
            ConfigField field = Field(name);
            if (field == null || value == null)
            {
                return;
            }

            switch (field.Kind)
            {
                case ConfigFieldKind.Json:
                    // As JSON text: the core's check then says "must be a JSON object".
                    field.Set(_config, value is string ? JsonText.Quote((string)value) : Literal(value));
                    break;
                case ConfigFieldKind.Flag:
                    if (value is bool)
                    {
                        field.Set(_config, value);
                    }
                    else
                    {
                        Error(field);
                    }

                    break;
                case ConfigFieldKind.Seconds:
                    long number;
                    if (WholeNumber(value, out number) && number >= int.MinValue && number <= int.MaxValue)
                    {
                        field.Set(_config, (int)number);
                    }
                    else
                    {
                        Error(field);
                    }

                    break;
                default:
                    if (value is string)
                    {
                        field.Set(_config, value);
                    }
                    else
                    {
                        Error(field);
                    }

                    break;
            }
        }

        /// <summary>A member whose value is an object or an array, given as its JSON text.</summary>
        public void Nested(string name, string json)
        {
            ConfigField field = Field(name);
            if (field == null)
            {
                return;
            }

            if (field.Kind == ConfigFieldKind.Json)
            {
                field.Set(_config, json);
            }
            else
            {
                Error(field);
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

        private ConfigField Field(string name)
        {
            ConfigField field = ConfigFields.Find(name);
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
                _errors.Add(new ConfigError(field.Name, "appears twice"));
                return null;
            }

            _seen.Add(field);
            return field;
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

        private static string Literal(object value)
        {
            return value is bool ? ((bool)value ? "true" : "false") : value.ToString();
        }

        /// <summary>A value of the wrong JSON type for <paramref name="field"/>.</summary>
        private void Error(ConfigField field)
        {
            string problem;
            switch (field.Kind)
            {
                case ConfigFieldKind.Seconds: problem = "must be a whole number of seconds, without quotes"; break;
                case ConfigFieldKind.Flag: problem = "must be true or false, without quotes"; break;
                default: problem = "must be a string in double quotes"; break;
            }

            _errors.Add(new ConfigError(field.Name, problem));
        }
    }
}
