namespace NanoDps.Emulator;

/// <summary>Why a request was answered 401. Never sent to the client; logged to help developers.</summary>
internal enum AuthFailure
{
    None,
    MissingToken,
    MalformedToken,
    UnknownIdScope,
    ResourceMismatch,
    Expired,
    KeyNameNotAllowed,
    NoEnrollment,
    SignatureMismatch,
    SignedWithGroupKey,
    BearerToken,
    UnknownPolicy,
    ServiceResourceMismatch,
    ServiceSignatureMismatch,
}

/// <summary>Text for <see cref="AuthFailure"/>.</summary>
internal static class AuthFailureText
{
    public static string Describe(this AuthFailure failure) => failure switch
    {
        AuthFailure.MissingToken => "no Authorization header",
        AuthFailure.MalformedToken => "Authorization is not 'SharedAccessSignature sr=..&sig=..&se=..[&skn=..]'",
        AuthFailure.UnknownIdScope => "unknown id scope",
        AuthFailure.ResourceMismatch => "sr (url-decoded) does not name this resource",
        AuthFailure.Expired => "token expired (se is in the past, beyond the allowed clock skew)",
        AuthFailure.KeyNameNotAllowed => "skn is not allowed in a device token for the hub",
        AuthFailure.NoEnrollment => "no enrollment covers this registration id",
        AuthFailure.SignatureMismatch => "signature does not match any key of the enrollment",
        AuthFailure.SignedWithGroupKey =>
            "signed with the GROUP key itself; derive the device key HMAC-SHA256(groupKey, registrationId) and sign with that",
        AuthFailure.BearerToken => "a Bearer token (Azure AD): the emulator has no Azure AD; use the service connection string (shared access policy)",
        AuthFailure.UnknownPolicy => $"skn does not name the service's shared access policy ({ServiceCredentials.PolicyName}); a device token cannot call the service API",
        AuthFailure.ServiceResourceMismatch => "sr (url-decoded) is not this service's host name (then, optionally, a prefix of the path)",
        AuthFailure.ServiceSignatureMismatch => $"signature does not match the primary or secondary key of {ServiceCredentials.PolicyName}",
        _ => "ok",
    };
}
