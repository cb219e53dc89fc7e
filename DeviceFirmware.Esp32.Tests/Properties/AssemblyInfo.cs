using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("nanoDps ESP32 adapter tests")]
[assembly: AssemblyDescription("The ESP32 adapters' tests that need the chip: native HMAC, the I: flash drive, nanoFramework.Json")]
[assembly: AssemblyProduct("nanoDps")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
