namespace NanoDps.Provisioning
{
    /// <summary>How a network join ended.</summary>
    public enum NetworkJoinKind
    {
        /// <summary>Joined, with an address.</summary>
        Joined = 0,

        /// <summary>No network with that name answered.</summary>
        NetworkNotFound = 1,

        /// <summary>The network refused the password.</summary>
        WrongPassword = 2,

        /// <summary>Associated, but DHCP gave no address.</summary>
        NoAddress = 3,

        /// <summary>Nothing conclusive within the timeout.</summary>
        TimedOut = 4,

        /// <summary>The driver failed (the detail holds the exception text).</summary>
        Failed = 5,
    }
}
