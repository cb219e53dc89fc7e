namespace NanoDps.Provisioning
{
    /// <summary>The next thing the driver loop does, as decided by <see cref="ProvisioningFlow.Step"/>.</summary>
    public sealed class ProvisioningAction
    {
        private ProvisioningAction(ActionKind kind, DpsRequest request, int waitMilliseconds, ProvisioningOutcome outcome)
        {
            Kind = kind;
            Request = request;
            WaitMilliseconds = waitMilliseconds;
            Outcome = outcome;
        }

        /// <summary>Send, wait, or done.</summary>
        public ActionKind Kind { get; }

        /// <summary>The request to send (Send only).</summary>
        public DpsRequest Request { get; }

        /// <summary>How long to wait (Wait only).</summary>
        public int WaitMilliseconds { get; }

        /// <summary>The result of the flow (Done only).</summary>
        public ProvisioningOutcome Outcome { get; }

        internal static ProvisioningAction Send(DpsRequest request)
        {
            return new ProvisioningAction(ActionKind.Send, request, 0, null);
        }

        internal static ProvisioningAction Wait(int milliseconds)
        {
            return new ProvisioningAction(ActionKind.Wait, null, milliseconds, null);
        }

        internal static ProvisioningAction Done(ProvisioningOutcome outcome)
        {
            return new ProvisioningAction(ActionKind.Done, null, 0, outcome);
        }
    }
}
