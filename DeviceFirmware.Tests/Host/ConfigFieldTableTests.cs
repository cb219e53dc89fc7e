using System;
using System.Linq;
using System.Reflection;
using NanoDps.Provisioning;
using Xunit;

namespace DeviceFirmware.Tests.Host
{
    /// <summary>
    /// The device.json field table must hold every property of <see cref="DeviceConfig"/>: a
    /// property missing from it would be dropped by the first boot's rewrite of the file. (Reflection
    /// as .NET has it, so this check runs on the host only; the shared every-field test walks the table.)
    /// </summary>
    public sealed class ConfigFieldTableTests
    {
        [Fact]
        public void EveryPropertyOfDeviceConfigIsAFieldOfTheTable()
        {
            PropertyInfo[] properties = typeof(DeviceConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();
            Assert.Equal(ConfigFields.All.Length, properties.Length);
            foreach (PropertyInfo property in properties)
            {
                DeviceConfig config = new DeviceConfig();
                object value = property.PropertyType == typeof(int) ? 4242 : property.PropertyType == typeof(bool) ? true : (object)"{\"marker\":1}";
                property.SetValue(config, value);
                ConfigField[] reading = ConfigFields.All.Where(f => !f.IsUnset(config)).ToArray();
                Assert.True(reading.Length == 1, "DeviceConfig." + property.Name + " has no line in ConfigFields.All");
                Assert.Equal(value, reading[0].Get(config));
                Assert.Equal(property.Name.Replace("Json", string.Empty), reading[0].Name, StringComparer.OrdinalIgnoreCase);
            }
        }
    }
}
