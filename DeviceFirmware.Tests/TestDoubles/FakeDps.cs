using System.Collections;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// DPS and the assigned hub in one: a registration is answered 202 assigning (Retry-After 2 s),
    /// a poll 200 assigned to <see cref="Hub"/> with the registration id as device id, a hub
    /// message 204. Scripted answers, when given, come first (DPS and hub each their own). Every
    /// request is recorded.
    /// </summary>
    public sealed class FakeDps : IHttpExchange
    {
        private readonly ArrayList _dpsScript = new ArrayList();
        private readonly ArrayList _hubScript = new ArrayList();

        public FakeDps()
        {
            Hub = "hub-1.azure-devices.net";
            Requests = new ArrayList();
        }

        public string Hub { get; set; }

        /// <summary>The "payload" the assigned answers carry (JSON text), or null for none.</summary>
        public string Payload { get; set; }

        /// <summary>Every request sent, in order.</summary>
        public ArrayList Requests { get; }

        public int Registrations { get; private set; }

        public int Polls { get; private set; }

        public int HubMessages { get; private set; }

        /// <summary>Registrations and polls.</summary>
        public int DpsRequests
        {
            get { return Registrations + Polls; }
        }

        /// <summary>The next DPS request gets <paramref name="answer"/>.</summary>
        public FakeDps ThenDps(HttpExchangeResult answer)
        {
            _dpsScript.Add(answer);
            return this;
        }

        /// <summary>The next hub message gets <paramref name="answer"/>.</summary>
        public FakeDps ThenHub(HttpExchangeResult answer)
        {
            _hubScript.Add(answer);
            return this;
        }

        /// <summary>The next hub message gets an empty answer with <paramref name="status"/>.</summary>
        public FakeDps ThenHub(int status)
        {
            return ThenHub(HttpExchangeResult.Answered(status, HttpExchangeResult.NoRetryAfter, null));
        }

        public DpsRequest Request(int index)
        {
            return (DpsRequest)Requests[index];
        }

        /// <summary>The last request of <paramref name="kind"/>, or null.</summary>
        public DpsRequest Last(RequestKind kind)
        {
            for (int i = Requests.Count - 1; i >= 0; i--)
            {
                if (Request(i).Kind == kind)
                {
                    return Request(i);
                }
            }

            return null;
        }

        public HttpExchangeResult Send(DpsRequest request)
        {
            Requests.Add(request);
            if (request.Kind == RequestKind.HubTelemetry)
            {
                HubMessages++;
                return Next(_hubScript) ?? HttpExchangeResult.Answered(204, HttpExchangeResult.NoRetryAfter, null);
            }

            if (request.Kind == RequestKind.Register)
            {
                Registrations++;
            }
            else
            {
                Polls++;
            }

            HttpExchangeResult scripted = Next(_dpsScript);
            if (scripted != null)
            {
                return scripted;
            }

            string registrationId = request.PathAndQuery.Split('/')[3];
            if (request.Kind == RequestKind.Register)
            {
                return ScriptedExchange.Assigning("op-" + Registrations.ToString(), 2);
            }

            HttpExchangeResult assigned = ScriptedExchange.Assigned("op-" + Registrations.ToString(), Hub, registrationId);
            assigned.Body.RegistrationState.PayloadJson = Payload;
            return assigned;
        }

        private static HttpExchangeResult Next(ArrayList script)
        {
            if (script.Count == 0)
            {
                return null;
            }

            HttpExchangeResult next = (HttpExchangeResult)script[0];
            script.RemoveAt(0);
            return next;
        }
    }
}
