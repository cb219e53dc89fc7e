using System;
using System.Collections;
using nanoFramework.Json;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// JSON into the core's DTOs with nanoFramework.Json 2.2.x. What the library does, read in its
    /// source: member names match case-insensitively with <c>PropertyNameCaseInsensitive</c>;
    /// members the DTO lacks are skipped (<c>ThrowExceptionWhenPropertyNotFound</c> is false by
    /// default), so "_comment" in device.json is harmless; members the JSON lacks keep their
    /// default (null, 0); a JSON null becomes "" for a string member and fails for an int member.
    /// The DTOs hold the custom "payload" object as JSON text (PayloadJson), which no name
    /// matches, so it is read a second time as a Hashtable and serialised back to text.
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

        /// <summary>device.json; throws when it is not a JSON object. Validation is the core's job.</summary>
        public static DeviceConfig ParseConfig(string json)
        {
            DeviceConfig config = JsonConvert.DeserializeObject(json, typeof(DeviceConfig), Options) as DeviceConfig;
            if (config == null)
            {
                throw new ArgumentException("device.json is not a JSON object");
            }

            config.PayloadJson = ObjectText(Member(Parse(json), Payload));

            return config;
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
