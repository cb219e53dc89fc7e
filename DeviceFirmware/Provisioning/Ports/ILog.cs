namespace NanoDps.Provisioning
{
    /// <summary>How much a log line matters.</summary>
    public enum LogLevel
    {
        /// <summary>A step of the flow.</summary>
        Info = 0,

        /// <summary>Something went wrong and the flow handles it (retry, back-off).</summary>
        Warning = 1,

        /// <summary>The flow ends without an assignment.</summary>
        Error = 2,
    }

    /// <summary>
    /// Where the core reports every step. The core never passes a key, a signature or a whole
    /// SAS token to it.
    /// </summary>
    public interface ILog
    {
        /// <summary>Writes one line.</summary>
        void Write(LogLevel level, string message);
    }
}
