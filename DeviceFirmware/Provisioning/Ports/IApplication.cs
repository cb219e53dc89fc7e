namespace NanoDps.Provisioning
{
    /// <summary>
    /// What the board does once it is provisioned: the default application's telemetry, or your own.
    /// <see cref="BootRunner.Run(BootSequence, BootPorts, IApplication)"/> hands it the device and
    /// boots again when the hub refuses the device.
    /// </summary>
    public interface IApplication
    {
        /// <summary>
        /// Runs with <paramref name="device"/> until the hub refuses it (true: the boot registers
        /// again) or until the application is done (false). An exception fails the boot.
        /// </summary>
        bool RunUntilRefused(ProvisionedDevice device);
    }
}
