using System;
using System.Collections;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// A device.json parser for the shared tests (mscorlib only, so it runs on the host and on
    /// nanoCLR alike): one JSON object of strings, numbers, true/false, null and nested values
    /// (kept as their JSON text), each member handed to the core's <see cref="ConfigReader"/> as the
    /// real adapters hand theirs.
    /// </summary>
    public sealed class JsonConfigParser : IConfigParser
    {
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

            ConfigReader config = new ConfigReader();
            for (int i = 0; i < names.Count; i++)
            {
                if (values[i] is RawJson)
                {
                    config.Nested((string)names[i], ((RawJson)values[i]).Text);
                }
                else
                {
                    config.Value((string)names[i], values[i]);
                }
            }

            return config.Result();
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

                return long.TryParse(number, out whole) ? (object)whole : double.Parse(number);
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
