namespace NanoDps.Provisioning
{
    /// <summary>How a <see cref="DurableFile"/> tells a whole file of its kind from a torn or foreign one.</summary>
    public interface IFileFormat
    {
        /// <summary>True when <paramref name="text"/> is a complete, readable file of this kind.</summary>
        bool IsWhole(string text);
    }
}
