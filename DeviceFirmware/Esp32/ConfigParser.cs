using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary><see cref="IConfigParser"/> with nanoFramework.Json (<see cref="DpsJson.ParseConfig"/>).</summary>
    public sealed class ConfigParser : IConfigParser
    {
        /// <inheritdoc/>
        public ConfigParseResult Parse(string json)
        {
            return DpsJson.ParseConfig(json);
        }
    }
}
