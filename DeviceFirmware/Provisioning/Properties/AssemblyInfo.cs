using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("nanoDps provisioning core")]
[assembly: AssemblyDescription("Azure IoT DPS provisioning as pure steps: requests, SAS, answers, the boot")]
[assembly: AssemblyProduct("nanoDps")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
