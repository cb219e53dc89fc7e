namespace NanoDps.Provisioning
{
    /// <summary>What joining the network gave: the kind of ending and a detail for the log (the address, or the driver's exception text).</summary>
    public sealed class NetworkJoinResult
    {
        /// <summary>Creates a result.</summary>
        public NetworkJoinResult(NetworkJoinKind kind, string detail)
        {
            Kind = kind;
            Detail = detail;
        }

        /// <summary>How the join ended.</summary>
        public NetworkJoinKind Kind { get; }

        /// <summary>The address when joined, otherwise what the driver said; may be null. Never a password.</summary>
        public string Detail { get; }

        /// <summary>True when the board has a network.</summary>
        public bool IsJoined
        {
            get { return Kind == NetworkJoinKind.Joined; }
        }

        /// <summary>Joined: <paramref name="detail"/> says where, e.g. "address 192.168.1.57".</summary>
        public static NetworkJoinResult Joined(string detail)
        {
            return new NetworkJoinResult(NetworkJoinKind.Joined, detail);
        }
    }
}
