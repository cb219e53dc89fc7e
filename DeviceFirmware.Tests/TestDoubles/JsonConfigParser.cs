using System;
using System.Collections;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// A device.json parser for the shared tests (mscorlib only, so it runs on the host and on
    /// nanoCLR alike): one JSON object, member names matched case-insensitively, strings, whole
    /// numbers, true/false, null, and the payload kept as its JSON text. Like the real adapters it
    /// names each field of the wrong type and notes unknown ones.
    /// </summary>
    public sealed class JsonConfigParser : IConfigParser
    {
        private static readonly string[] StringFields = new string[]
        {
            "wifiSsid", "wifiPassword", "idScope", "endpoint", "apiVersion", "groupKey", "deviceKey", "registrationIdPrefix", "registrationId",
        };

        private static readonly string[] NumberFields = new string[] { "sasTtlSeconds", "deadlineSeconds", "telemetryIntervalSeconds" };

        /// <summary>Texts parsed so far.</summary>
        public int Calls { get; private set; }

        public ConfigParseResult Parse(string json)
        {
            Calls++;
            ArrayList names = new ArrayList();
            ArrayList values = new ArrayList();
            try
            {
                Reader reader = new Reader(json);
                reader.ReadObject(names, values);
            }
            catch (FormatException ex)
            {
                return ConfigParseResult.NotAnObject("is not valid JSON: " + ex.Message);
            }

            DeviceConfig config = new DeviceConfig();
            ArrayList errors = new ArrayList();
            ArrayList notes = new ArrayList();
            for (int i = 0; i < names.Count; i++)
            {
                Set(config, (string)names[i], values[i], errors, notes);
            }

            ConfigError[] errorArray = new ConfigError[errors.Count];
            errors.CopyTo(errorArray);
            string[] noteArray = new string[notes.Count];
            notes.CopyTo(noteArray);
            return new ConfigParseResult(config, errorArray, noteArray);
        }

        private static void Set(DeviceConfig config, string name, object value, ArrayList errors, ArrayList notes)
        {
            string field = Known(name);
            if (field == null)
            {
                if (!name.StartsWith("_") && !name.StartsWith("$"))
                {
                    notes.Add("unknown field \"" + name + "\" is ignored");
                }

                return;
            }

            if (value == null)
            {
                return;
            }

            if (field == "payload")
            {
                config.PayloadJson = value is RawJson ? ((RawJson)value).Text : Literal(value);
            }
            else if (field == "keepGroupKey")
            {
                if (value is bool)
                {
                    config.KeepGroupKey = (bool)value;
                }
                else
                {
                    errors.Add(new ConfigError(field, "must be true or false, without quotes"));
                }
            }
            else if (IsIn(field, NumberFields))
            {
                if (value is long && (long)value >= int.MinValue && (long)value <= int.MaxValue)
                {
                    SetNumber(config, field, (int)(long)value);
                }
                else
                {
                    errors.Add(new ConfigError(field, "must be a whole number of seconds, without quotes"));
                }
            }
            else if (value is string)
            {
                SetText(config, field, (string)value);
            }
            else
            {
                errors.Add(new ConfigError(field, "must be a string in double quotes"));
            }
        }

        private static string Known(string name)
        {
            string lower = name.ToLower();
            if (lower == "payload" || lower == "keepgroupkey")
            {
                return lower == "payload" ? "payload" : "keepGroupKey";
            }

            foreach (string field in StringFields)
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

        private static void SetText(DeviceConfig config, string field, string value)
        {
            switch (field)
            {
                case "wifiSsid": config.WifiSsid = value; break;
                case "wifiPassword": config.WifiPassword = value; break;
                case "idScope": config.IdScope = value; break;
                case "endpoint": config.Endpoint = value; break;
                case "apiVersion": config.ApiVersion = value; break;
                case "groupKey": config.GroupKey = value; break;
                case "deviceKey": config.DeviceKey = value; break;
                case "registrationIdPrefix": config.RegistrationIdPrefix = value; break;
                default: config.RegistrationId = value; break;
            }
        }

        private static void SetNumber(DeviceConfig config, string field, int value)
        {
            switch (field)
            {
                case "sasTtlSeconds": config.SasTtlSeconds = value; break;
                case "deadlineSeconds": config.DeadlineSeconds = value; break;
                default: config.TelemetryIntervalSeconds = value; break;
            }
        }

        private static string Literal(object value)
        {
            if (value is string)
            {
                return "\"" + (string)value + "\"";
            }

            return value is bool ? ((bool)value ? "true" : "false") : value.ToString();
        }

        /// <summary>A nested object or array, kept as its JSON text.</summary>
        private sealed class RawJson
        {
            public RawJson(string text)
            {
                Text = text;
            }

            public string Text { get; }
        }

        private sealed class Reader
        {
            private readonly string _text;
            private int _at;

            public Reader(string text)
            {
                _text = text ?? string.Empty;
            }

            public void ReadObject(ArrayList names, ArrayList values)
            {
                SkipSpace();
                Expect('{');
                SkipSpace();
                if (Peek() == '}')
                {
                    _at++;
                }
                else
                {
                    while (true)
                    {
                        SkipSpace();
                        names.Add(ReadString());
                        SkipSpace();
                        Expect(':');
                        SkipSpace();
                        values.Add(ReadValue());
                        SkipSpace();
                        if (Peek() == ',')
                        {
                            _at++;
                            continue;
                        }

                        Expect('}');
                        break;
                    }
                }

                SkipSpace();
                if (_at != _text.Length)
                {
                    throw Error("text after the end of the object");
                }
            }

            private object ReadValue()
            {
                char c = Peek();
                if (c == '"')
                {
                    return ReadString();
                }

                if (c == '{' || c == '[')
                {
                    int start = _at;
                    SkipNested();
                    return new RawJson(_text.Substring(start, _at - start));
                }

                if (Word("true"))
                {
                    return true;
                }

                if (Word("false"))
                {
                    return false;
                }

                if (Word("null"))
                {
                    return null;
                }

                return ReadNumber();
            }

            private object ReadNumber()
            {
                int start = _at;
                while (_at < _text.Length && "+-0123456789.eE".IndexOf(_text[_at]) >= 0)
                {
                    _at++;
                }

                string number = _text.Substring(start, _at - start);
                long whole;
                if (number.Length == 0)
                {
                    throw Error("a value was expected");
                }

                // A fraction or exponent is a number, but not a whole one: kept as text.
                return long.TryParse(number, out whole) ? (object)whole : number;
            }

            private string ReadString()
            {
                Expect('"');
                string value = string.Empty;
                while (true)
                {
                    if (_at >= _text.Length)
                    {
                        throw Error("a string is not closed");
                    }

                    char c = _text[_at++];
                    if (c == '"')
                    {
                        return value;
                    }

                    if (c != '\\')
                    {
                        value += c.ToString();
                        continue;
                    }

                    char e = _text[_at++];
                    switch (e)
                    {
                        case 'n': value += "\n"; break;
                        case 'r': value += "\r"; break;
                        case 't': value += "\t"; break;
                        case 'b': value += "\b"; break;
                        case 'f': value += "\f"; break;
                        case 'u':
                            int code = 0;
                            for (int i = 0; i < 4; i++)
                            {
                                code = (code * 16) + "0123456789abcdef".IndexOf(_text.Substring(_at++, 1).ToLower());
                            }

                            value += ((char)code).ToString();
                            break;
                        default: value += e.ToString(); break;
                    }
                }
            }

            private void SkipNested()
            {
                int depth = 0;
                do
                {
                    if (_at >= _text.Length)
                    {
                        throw Error("an object or array is not closed");
                    }

                    char c = _text[_at];
                    if (c == '"')
                    {
                        ReadString();
                        continue;
                    }

                    depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
                    _at++;
                }
                while (depth > 0);
            }

            private bool Word(string word)
            {
                if (_at + word.Length <= _text.Length && _text.Substring(_at, word.Length) == word)
                {
                    _at += word.Length;
                    return true;
                }

                return false;
            }

            private char Peek()
            {
                if (_at >= _text.Length)
                {
                    throw Error("the text ends too early");
                }

                return _text[_at];
            }

            private void Expect(char c)
            {
                if (Peek() != c)
                {
                    throw Error("'" + c.ToString() + "' expected");
                }

                _at++;
            }

            private void SkipSpace()
            {
                while (_at < _text.Length && (_text[_at] == ' ' || _text[_at] == '\n' || _text[_at] == '\r' || _text[_at] == '\t'))
                {
                    _at++;
                }
            }

            private FormatException Error(string what)
            {
                return new FormatException(what + " at character " + (_at + 1).ToString());
            }
        }
    }
}
