namespace NanoDps.Provisioning
{
    /// <summary>Whether the TLS roots are there: which ones, or which one is missing or unreadable.</summary>
    public sealed class RootsResult
    {
        private RootsResult(bool present, string detail)
        {
            IsPresent = present;
            Detail = detail;
        }

        /// <summary>True when every root loaded.</summary>
        public bool IsPresent { get; }

        /// <summary>The roots loaded, or which one is missing and why.</summary>
        public string Detail { get; }

        /// <summary>All there: <paramref name="roots"/> names them.</summary>
        public static RootsResult Present(string roots)
        {
            return new RootsResult(true, roots);
        }

        /// <summary>Missing or unreadable: <paramref name="problem"/> names the file and what is wrong.</summary>
        public static RootsResult Missing(string problem)
        {
            return new RootsResult(false, problem);
        }
    }
}
