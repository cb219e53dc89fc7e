namespace NanoDps.Provisioning
{
    /// <summary>HMAC-SHA256: the chip's native implementation on the device, .NET's on a PC.</summary>
    public interface IHmac
    {
        /// <summary>Returns the 32-byte HMAC-SHA256 of <paramref name="data"/> under <paramref name="key"/>.</summary>
        byte[] ComputeHmacSha256(byte[] key, byte[] data);
    }
}
