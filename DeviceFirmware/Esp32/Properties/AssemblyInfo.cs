using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("nanoDps ESP32 adapters")]
[assembly: AssemblyDescription("The provisioning core's ports on an ESP32: HTTPS, HMAC, flash, Wi-Fi, clock, power")]
[assembly: AssemblyProduct("nanoDps")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
