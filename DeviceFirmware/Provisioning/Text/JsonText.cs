namespace NanoDps.Provisioning
{
    /// <summary>
    /// The little JSON the core writes itself (the register body) and a shape check of the
    /// custom payload. Parsing answers is the adapters' job.
    /// </summary>
    public static class JsonText
    {
        /// <summary>Longest custom payload accepted, in characters: it must fit the device's buffers.</summary>
        public const int MaxPayloadLength = 2048;

        /// <summary>
        /// <paramref name="value"/> as a JSON string literal with quotes. Only the escapes JSON
        /// requires; values here are validated ASCII ids, so this is mostly a copy.
        /// </summary>
        public static string Quote(string value)
        {
            string escaped = "";
            int start = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '"' || c == '\\' || c < (char)0x20)
                {
                    escaped += value.Substring(start, i - start) + Escape(c);
                    start = i + 1;
                }
            }

            return "\"" + escaped + value.Substring(start) + "\"";
        }

        /// <summary>
        /// Null when <paramref name="json"/> looks like one JSON object: starts with '{', ends with
        /// '}', brackets balance outside strings, strings close. Otherwise what is wrong. It is a
        /// guard against a config typo breaking the register body, not a full JSON validator.
        /// </summary>
        public static string CheckObject(string json)
        {
            if (json.Length > MaxPayloadLength)
            {
                return "is " + json.Length.ToString() + " characters of JSON; at most 2048 are allowed";
            }

            string trimmed = json.Trim();
            if (trimmed.Length < 2 || trimmed[0] != '{' || trimmed[trimmed.Length - 1] != '}')
            {
                return "must be a JSON object, like {\"model\":\"esp32\"}";
            }

            int depth = 0;
            bool inString = false;
            for (int i = 0; i < trimmed.Length; i++)
            {
                char c = trimmed[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }
                }
                else if (c == '"')
                {
                    inString = true;
                }
                else if (c == '{' || c == '[')
                {
                    depth++;
                }
                else if (c == '}' || c == ']')
                {
                    depth--;
                    if (depth == 0 && i != trimmed.Length - 1)
                    {
                        return "has text after the end of the object";
                    }
                }
            }

            if (inString || depth != 0)
            {
                return "is not complete JSON: a string or bracket is not closed";
            }

            return null;
        }

        private static string Escape(char c)
        {
            switch (c)
            {
                case '"':
                    return "\\\"";
                case '\\':
                    return "\\\\";
                case '\n':
                    return "\\n";
                case '\r':
                    return "\\r";
                case '\t':
                    return "\\t";
                default:
                    return "\\u00" + Hex.ToLower(new byte[] { (byte)c }, 1);
            }
        }
    }
}
