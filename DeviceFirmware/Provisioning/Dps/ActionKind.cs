namespace NanoDps.Provisioning
{
    /// <summary>What the driver loop must do next.</summary>
    public enum ActionKind
    {
        /// <summary>Send <see cref="ProvisioningAction.Request"/> and pass the result to the next step.</summary>
        Send = 0,

        /// <summary>Wait <see cref="ProvisioningAction.WaitMilliseconds"/>, then call the next step with null.</summary>
        Wait = 1,

        /// <summary>Stop: <see cref="ProvisioningAction.Outcome"/> is final.</summary>
        Done = 2,
    }
}
