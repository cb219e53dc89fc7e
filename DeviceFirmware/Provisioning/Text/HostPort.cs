namespace NanoDps.Provisioning
{
    /// <summary>
    /// A "host" or "host:port" as device.json's endpoint and a request's host hold it (a local
    /// emulator listens on another port than 443). Split here only, so that every caller reads it alike.
    /// </summary>
    public static class HostPort
    {
        /// <summary>The port HTTPS uses when none is given.</summary>
        public const int DefaultPort = 443;

        /// <summary>The host name: everything before the first ':'.</summary>
        public static string Host(string hostPort)
        {
            int colon = hostPort.IndexOf(':');
            return colon < 0 ? hostPort : hostPort.Substring(0, colon);
        }

        /// <summary>The port: <see cref="DefaultPort"/> without one, -1 when what follows the ':' is not a number from 1 to 65535.</summary>
        public static int Port(string hostPort)
        {
            int colon = hostPort.IndexOf(':');
            if (colon < 0)
            {
                return DefaultPort;
            }

            string text = hostPort.Substring(colon + 1);
            if (text.Length == 0 || text.Length > 5)
            {
                return -1;
            }

            int port = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return -1;
                }

                port = (port * 10) + (text[i] - '0');
            }

            return port >= 1 && port <= 65535 ? port : -1;
        }
    }
}
