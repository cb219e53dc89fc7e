namespace NanoDps.Provisioning
{
    /// <summary>
    /// The platform's JSON library reading device.json into a <see cref="DeviceConfig"/>
    /// (nanoFramework.Json on the board, System.Text.Json on a PC). It only parses: defaults and
    /// validation are the core's (<see cref="DeviceConfigFile"/>).
    /// </summary>
    public interface IConfigParser
    {
        /// <summary>What <paramref name="json"/> holds; never throws for bad input, reports it.</summary>
        ConfigParseResult Parse(string json);
    }
}
