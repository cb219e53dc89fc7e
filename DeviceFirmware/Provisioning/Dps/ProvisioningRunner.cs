namespace NanoDps.Provisioning
{
    /// <summary>The blocking loop that drives a <see cref="ProvisioningFlow"/> on the board and on a PC.</summary>
    public static class ProvisioningRunner
    {
        /// <summary>Runs <paramref name="flow"/> to its end: one request in flight at a time.</summary>
        public static ProvisioningOutcome Run(ProvisioningFlow flow, IHttpExchange http, IDelay delay)
        {
            ProvisioningAction action = flow.Step(null);
            while (action.Kind != ActionKind.Done)
            {
                if (action.Kind == ActionKind.Send)
                {
                    action = flow.Step(http.Send(action.Request));
                }
                else
                {
                    delay.Sleep(action.WaitMilliseconds);
                    action = flow.Step(null);
                }
            }

            return action.Outcome;
        }
    }
}
