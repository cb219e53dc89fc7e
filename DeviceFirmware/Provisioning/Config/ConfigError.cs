namespace NanoDps.Provisioning
{
    /// <summary>One problem in the configuration: which field, and what is wrong with it.</summary>
    public sealed class ConfigError
    {
        /// <summary>Creates an error.</summary>
        public ConfigError(string field, string problem)
        {
            Field = field;
            Problem = problem;
        }

        /// <summary>The JSON name of the field, e.g. "idScope".</summary>
        public string Field { get; }

        /// <summary>What is wrong, in words a user can act on. Never contains a secret.</summary>
        public string Problem { get; }

        /// <summary>"field: problem".</summary>
        public override string ToString()
        {
            return Field + ": " + Problem;
        }
    }
}
