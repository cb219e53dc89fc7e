using System;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// The files <c>nanoff --filedeployment config/deploy.json</c> puts on I:\: the configuration,
    /// read with <see cref="DpsJson"/> and checked by the core, and the two TLS roots. Every problem
    /// is logged with what to do about it; secrets from the configuration are registered with the
    /// log before anything else can print them.
    /// </summary>
    public static class DeviceFiles
    {
        /// <summary>The configuration file.</summary>
        public const string ConfigFile = "device.json";

        /// <summary>
        /// The TLS roots DPS and IoT Hub chain to, as Microsoft asks devices to trust them:
        /// DigiCert Global Root G2 and Microsoft RSA Root Certificate Authority 2017 (PEM).
        /// </summary>
        public static readonly string[] RootCertificateFiles = new string[]
        {
            "digicert-global-root-g2.pem",
            "microsoft-rsa-root-2017.pem",
        };

        /// <summary>The validated configuration with defaults applied, or null (every problem logged).</summary>
        public static DeviceConfig ReadConfig(IFlashStore flash, SerialLog log)
        {
            string text = flash.ReadText(ConfigFile);
            if (text == null)
            {
                log.Write(LogLevel.Error, "I:\\" + ConfigFile + " not found: deploy it with nanoff --filedeployment config/deploy.json (docs/firmware.md)");
                return null;
            }

            DeviceConfig config;
            try
            {
                config = DpsJson.ParseConfig(text);
            }
            catch (Exception ex)
            {
                log.Write(LogLevel.Error, "I:\\" + ConfigFile + " is not valid JSON (" + ex.GetType().Name + ")");
                return null;
            }

            log.Redact(config.WifiPassword);
            log.Redact(config.GroupKey);
            log.Redact(config.DeviceKey);
            config.ApplyDefaults();
            ConfigError[] errors = ConfigValidator.Validate(config, true);
            foreach (ConfigError error in errors)
            {
                log.Write(LogLevel.Error, ConfigFile + ": " + error.ToString());
            }

            return errors.Length == 0 ? config : null;
        }

        /// <summary>Both roots as one PEM text, or null when one is missing (logged).</summary>
        public static string ReadRootCertificates(IFlashStore flash, ILog log)
        {
            string pem = string.Empty;
            foreach (string name in RootCertificateFiles)
            {
                string certificate = flash.ReadText(name);
                if (certificate == null)
                {
                    log.Write(LogLevel.Error, "I:\\" + name + " not found: deploy it with nanoff --filedeployment config/deploy.json");
                    return null;
                }

                pem += certificate.Trim() + "\n";
            }

            return pem;
        }
    }
}
