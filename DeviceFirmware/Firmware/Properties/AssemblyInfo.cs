using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("nanoDps firmware")]
[assembly: AssemblyDescription("Zero-touch Azure IoT DPS provisioning for ESP32")]
[assembly: AssemblyProduct("nanoDps")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
