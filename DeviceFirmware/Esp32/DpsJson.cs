using System;
using System.Collections;
using nanoFramework.Json;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary>
    /// JSON into the core's types with nanoFramework.Json 2.2.x. What the library does, read in its
    /// source: member names match case-insensitively with <c>PropertyNameCaseInsensitive</c>;
    /// members the DTO lacks are skipped (<c>ThrowExceptionWhenPropertyNotFound</c> is false by
    /// default); members the JSON lacks keep their default (null, 0). The DPS answer's "payload"
    /// object, which no name matches, is read a second time as a Hashtable and serialised back to
    /// text. device.json is read as a Hashtable only (a JSON null there would make the typed
    /// deserialiser throw for an int member), its members checked by the core.
    /// </summary>
    public static class DpsJson
    {
        private const string Payload = "payload";
        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

        /// <summary>A DPS (or IoT Hub) answer body; throws when it is not the JSON object expected.</summary>
        public static DpsResponse ParseResponse(string json)
        {
            DpsResponse response = JsonConvert.DeserializeObject(json, typeof(DpsResponse), Options) as DpsResponse;
            if (response == null)
            {
                throw new ArgumentException("the body is not a JSON object");
            }

            if (response.RegistrationState != null)
            {
                Hashtable state = Member(Parse(json), "registrationState") as Hashtable;
                response.RegistrationState.PayloadJson = ObjectText(Member(state, Payload));
            }

            return response;
        }

        /// <summary>
        /// device.json, never throwing: read as a Hashtable (strings, int/long/double numbers, bools,
        /// nested Hashtable/ArrayList), each member handed to the core's <see cref="ConfigReader"/>,
        /// which names the fields of the wrong type. Defaults and validation are the core's too.
        /// </summary>
        public static ConfigParseResult ParseConfig(string json)
        {
            Hashtable members;
            try
            {
                members = Parse(json);
            }
            catch (Exception ex)
            {
                return ConfigParseResult.NotAnObject("is not valid JSON (" + ex.GetType().Name + ")");
            }

            if (members == null)
            {
                return ConfigParseResult.NotAnObject("must hold one JSON object: { \"idScope\": \"...\", ... }");
            }

            ConfigReader reader = new ConfigReader();
            foreach (DictionaryEntry member in members)
            {
                if (member.Value is Hashtable || member.Value is ArrayList)
                {
                    reader.Nested((string)member.Key, JsonConvert.SerializeObject(member.Value));
                }
                else
                {
                    reader.Value((string)member.Key, member.Value);
                }
            }

            return reader.Result();
        }

        private static Hashtable Parse(string json)
        {
            return JsonConvert.DeserializeObject(json, typeof(Hashtable)) as Hashtable;
        }

        private static object Member(Hashtable members, string name)
        {
            if (members == null)
            {
                return null;
            }

            string wanted = name.ToLower();
            foreach (DictionaryEntry entry in members)
            {
                if (((string)entry.Key).ToLower() == wanted)
                {
                    return entry.Value;
                }
            }

            return null;
        }

        // An object comes back as {...}; anything else keeps its JSON form so that the core's
        // check reports "must be a JSON object" instead of the payload silently disappearing.
        private static string ObjectText(object value)
        {
            return value == null ? null : JsonConvert.SerializeObject(value);
        }
    }
}
