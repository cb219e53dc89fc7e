namespace DeviceFirmware.Tests
{
    /// <summary>
    /// Expected values computed outside this code base, each with the command that produced it.
    /// </summary>
    public static class CryptoVectors
    {
        /// <summary>The group key of the Azure DPS docs' symmetric-key example.</summary>
        public const string DocsGroupKey = "8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==";

        /// <summary>The registration id of the docs' example.</summary>
        public const string DocsRegistrationId = "sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6";

        /// <summary>
        /// The device key the Azure docs print for that pair, and what openssl gives:
        /// keybytes=$(echo $KEY | base64 --decode | xxd -p -u -c 1000);
        /// echo -n $REG_ID | openssl sha256 -mac HMAC -macopt hexkey:$keybytes -binary | base64
        /// </summary>
        public const string DocsDerivedKey = "Jsm0lyGpjaVYVP2g3FnmnmG9dI/9qU24wNoykUmermc=";

        /// <summary>A MAC-based registration id (MAC a0:b1:c2:d3:e4:f5).</summary>
        public const string MacRegistrationId = "nanodps-a0b1c2d3e4f5";

        /// <summary>Same openssl command, REG_ID=nanodps-a0b1c2d3e4f5, KEY=DocsGroupKey.</summary>
        public const string MacDerivedKey = "pfPH/8O6p2wseN88ULyo7tHYK3PcqmjHEqJ9nAxIOR0=";

        /// <summary>An ID scope in DPS's shape.</summary>
        public const string IdScope = "0ne00000A0A";

        /// <summary>Token expiry used by the vectors.</summary>
        public const long Expiry = 1800000000;

        /// <summary>sr of the DPS token: uppercase %2F, as the core documents.</summary>
        public const string DpsSr = "0ne00000A0A%2Fregistrations%2Fnanodps-a0b1c2d3e4f5";

        /// <summary>
        /// dkhex=$(echo $MacDerivedKey | base64 --decode | xxd -p -c 1000);
        /// printf '%s\n%s' "$DpsSr" 1800000000 | openssl sha256 -mac HMAC -macopt hexkey:$dkhex -binary | base64
        /// (python3: base64.b64encode(hmac.new(key, (sr + "\n1800000000").encode(), hashlib.sha256).digest()) agrees)
        /// </summary>
        public const string DpsSignature = "zvq8V6GERkzj7RDwFDVgZj9rEPDJR02oS2132QNxgTQ=";

        /// <summary>The whole DPS token (sig url-encoded: '=' as %3D).</summary>
        public const string DpsToken = "SharedAccessSignature sr=0ne00000A0A%2Fregistrations%2Fnanodps-a0b1c2d3e4f5&sig=zvq8V6GERkzj7RDwFDVgZj9rEPDJR02oS2132QNxgTQ%3D&se=1800000000&skn=registration";

        /// <summary>
        /// IoT Hub token for hub-1.azure-devices.net/devices/nanodps-a0b1c2d3e4f5 with MacDerivedKey, se=1800000000:
        /// python3 -c "import hmac,hashlib,base64;k=base64.b64decode('pfPH/8O6p2wseN88ULyo7tHYK3PcqmjHEqJ9nAxIOR0=');
        /// print(base64.b64encode(hmac.new(k,b'hub-1.azure-devices.net%2Fdevices%2Fnanodps-a0b1c2d3e4f5\n1800000000',hashlib.sha256).digest()))"
        /// </summary>
        public const string HubSignature = "tnoCvn29mgXFL6jfojp5lF7RH3UBMvbfC2stQloJjYI=";

        /// <summary>
        /// Config fingerprint of (IdScope, MacRegistrationId, global endpoint) under MacDerivedKey:
        /// python3: hmac.new(k, b'nanodps-config-fingerprint/1\n0ne00000A0A\nnanodps-a0b1c2d3e4f5\nglobal.azure-devices-provisioning.net', hashlib.sha256).hexdigest()[:32]
        /// </summary>
        public const string Fingerprint = "49c5c221bbab1d6d49eb89b34f6e9033";
    }
}
