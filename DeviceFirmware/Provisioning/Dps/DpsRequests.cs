namespace NanoDps.Provisioning
{
    /// <summary>
    /// Builds the two DPS device requests. Pure: the caller supplies the token and sends the
    /// request over its own transport.
    /// </summary>
    public static class DpsRequests
    {
        /// <summary>
        /// PUT https://{endpoint}/{idScope}/registrations/{registrationId}/register?api-version={v}
        /// with body {"registrationId":"..."} and, when given, "payload":{...}.
        /// </summary>
        public static DpsRequest Register(string endpoint, string idScope, string registrationId, string apiVersion, string sasToken, string payloadJson)
        {
            string body = "{\"registrationId\":" + JsonText.Quote(registrationId);
            body += payloadJson == null ? "}" : ",\"payload\":" + payloadJson + "}";
            string path = RegistrationPath(idScope, registrationId) + "/register?api-version=" + apiVersion;
            return new DpsRequest(RequestKind.Register, "PUT", endpoint, path, sasToken, body);
        }

        /// <summary>GET https://{endpoint}/{idScope}/registrations/{registrationId}/operations/{operationId}?api-version={v}.</summary>
        public static DpsRequest PollOperation(string endpoint, string idScope, string registrationId, string operationId, string apiVersion, string sasToken)
        {
            string path = RegistrationPath(idScope, registrationId) + "/operations/" + PercentEncoder.Encode(operationId) + "?api-version=" + apiVersion;
            return new DpsRequest(RequestKind.PollOperation, "GET", endpoint, path, sasToken, null);
        }

        private static string RegistrationPath(string idScope, string registrationId)
        {
            return "/" + PercentEncoder.Encode(idScope) + "/registrations/" + registrationId;
        }
    }
}
