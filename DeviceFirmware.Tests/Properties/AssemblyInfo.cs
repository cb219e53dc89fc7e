using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("nanoDps device tests")]
[assembly: AssemblyDescription("The provisioning core's shared tests and the ESP32 adapters' on-board tests")]
[assembly: AssemblyProduct("nanoDps")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
