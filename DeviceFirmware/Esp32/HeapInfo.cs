using nanoFramework.Hardware.Esp32;
using NativeGC = nanoFramework.Runtime.Native.GC;

namespace NanoDps.Esp32
{
    /// <summary>
    /// The memory budget in one line. Two heaps matter on an ESP32 without PSRAM: the managed
    /// heap (objects, strings, buffers) and the internal RAM that ESP-IDF and mbedTLS allocate
    /// from, where each TLS session needs two ~16 KB records and so a large enough free block.
    /// </summary>
    public static class HeapInfo
    {
        /// <summary>Free managed heap after a collection, in bytes (what the telemetry reports).</summary>
        public static long ManagedFreeBytes()
        {
            return NativeGC.Run(false);
        }

        /// <summary>
        /// Runs the managed garbage collector (compacting the heap when <paramref name="compact"/>
        /// is true, as before a TLS handshake) and describes what is free afterwards.
        /// </summary>
        public static string Collect(bool compact)
        {
            uint managedFree = NativeGC.Run(compact);
            uint total;
            uint free;
            uint largest;
            NativeMemory.GetMemoryInfo(NativeMemory.MemoryType.Internal, out total, out free, out largest);
            return "managed " + managedFree.ToString() + " B free; internal RAM " + free.ToString() + " of "
                + total.ToString() + " B free, largest block " + largest.ToString() + " B";
        }
    }
}
