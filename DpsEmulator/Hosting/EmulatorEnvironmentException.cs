namespace NanoDps.Emulator;

/// <summary>
/// The machine refused what the emulator needs: a data folder that cannot be created, written or
/// locked (another emulator uses it), a database that is not one, a port in use or not permitted.
/// The message is one line naming the file, folder or port, what is wrong and the fix.
/// </summary>
public sealed class EmulatorEnvironmentException : IOException
{
    /// <summary>Creates the exception.</summary>
    public EmulatorEnvironmentException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
