namespace NanoDps.Provisioning
{
    /// <summary>Where an <see cref="AwakeWindow"/> stands after a wait.</summary>
    public enum AwakeState
    {
        /// <summary>Still open: wait again.</summary>
        Open,

        /// <summary>A new device.json was deployed: restart now.</summary>
        NewConfig,

        /// <summary>Over without a new device.json: sleep.</summary>
        Over,
    }
}
