namespace NanoDps.Provisioning
{
    /// <summary>
    /// Every sentence the boot writes to the log or gives as the reason of a failed boot, in the
    /// order the boot reaches them. Kept here, apart from the decisions, so that the wording can be
    /// read and weighed in one place (each string costs flash and string-table room on the board);
    /// docs/tutorials/board.md's log table explains each line.
    /// </summary>
    internal static class BootText
    {
        internal const string RewriteComment = "Rewritten by nanoDps on this board's first boot: the enrollment group key was replaced by this board's own derived deviceKey and its registrationId. Deploy a new device.json to change anything.";

        internal const string CounterNotRead = "could not read the boot counter in flash";
        internal const string CounterNotWritten = "could not count this boot in flash";
        internal const string FailureNotCounted = "could not count the failed boot in flash; the next sleep will not grow";
        internal const string FailuresNotCleared = "could not clear the failed-boot count in flash";
        internal const string NoStationMac = "the Wi-Fi station MAC is not available, so no registration id can be made from it: set registrationId in device.json";
        internal const string GroupKeyKept = "keepGroupKey is true: the group key stays in device.json";
        internal const string GroupKeyTakenOut = "device.json rewritten without the group key: deviceKey is now this board's derived key and registrationId its id "
            + "(written as device.json.tmp, read back, then renamed); a board taken from the field exposes only its own key";
        internal const string DeviceKeyFromConfig = "device key: deviceKey from the config";
        internal const string DeviceKeyDerived = "device key: derived from the group key, HMAC-SHA256(groupKey, registration id); the group key itself is never sent";
        internal const string NoStoredAssignment = "stored assignment: none";
        internal const string HubFailed = "the hub could not be reached or did not take the message; the assignment stays stored and the next boot tries the hub again";
        internal const string HubRefusedAgain = "the hub refused the device again after a new registration: check the device in the hub's device registry (deleted, disabled, key changed)";
        internal const string OutOfOrder = "the boot sequence was driven out of order";

        internal static string Started(string firmwareVersion, long boots, bool wokeFromRetrySleep, int failedBefore)
        {
            return "nanoDps firmware " + firmwareVersion + ", boot " + boots.ToString() + ": "
                + (wokeFromRetrySleep ? "woke from a retry sleep" : "power-on or reset")
                + (failedBefore == 0 ? string.Empty : " after " + failedBefore.ToString() + " failed boot(s) in a row");
        }

        internal static string ConfigMissing()
        {
            return DeviceConfigFile.FileName + " not found in flash: deploy it with nanoff --filedeployment config/deploy.json --serialport <port> (docs/tutorials/board.md)";
        }

        internal static string ConfigInvalid(int problems)
        {
            return DeviceConfigFile.FileName + " has " + problems.ToString() + " problem(s), each logged above with its field: fix them and deploy it again";
        }

        internal static string ConfigLine(string text)
        {
            return DeviceConfigFile.FileName + ": " + text;
        }

        internal static string ConfigSummary(DeviceConfig config)
        {
            return "config: id scope " + config.IdScope + ", endpoint " + config.Endpoint + ", api-version " + config.ApiVersion
                + (DeviceConfig.IsEmpty(config.GroupKey) ? ", device key (individual enrollment, or this board's derived key)" : ", enrollment group key");
        }

        internal static string RegistrationIdFromMac(string registrationId, string prefix, string mac)
        {
            return "registration id: " + registrationId + " (\"" + prefix + "-\" + the Wi-Fi MAC " + mac + ")";
        }

        internal static string RegistrationIdFromConfig(string registrationId)
        {
            return "registration id: " + registrationId + " (registrationId from the config)";
        }

        internal static string GroupKeyNotTakenOut(string problem)
        {
            return "device.json keeps the group key: " + problem;
        }

        internal static string StoredAssignment(ProvisioningRecord record)
        {
            return "stored assignment: hub " + record.AssignedHub + ", device " + record.DeviceId + ", since " + UnixTime.Format(record.AssignedAtUnix);
        }

        internal static string Decision(BootDecision decision)
        {
            return decision.MustProvision
                ? "boot decision: provision with DPS (" + decision.Reason + ")"
                : "boot decision: use the stored assignment, no DPS request (" + decision.Reason + ")";
        }

        internal static string WifiAlreadyStored(string ssid)
        {
            return "Wi-Fi credentials for \"" + ssid + "\" are already stored: flash not rewritten";
        }

        internal static string WifiStored(string ssid)
        {
            return "Wi-Fi credentials for \"" + ssid + "\" written to the board's network configuration (they differed from device.json)";
        }

        internal static string Joining(string ssid, int timeoutMilliseconds)
        {
            return "joining Wi-Fi \"" + ssid + "\" (DHCP, at most " + (timeoutMilliseconds / 1000).ToString() + " s)";
        }

        internal static string NotJoined(bool usesWifi, NetworkJoinResult result)
        {
            return (usesWifi ? "Wi-Fi" : "the network") + " not joined: " + NetworkJoinResult.KindName(result.Kind) + Detail(result) + ". " + JoinHint(result.Kind);
        }

        internal static string Joined(bool usesWifi, NetworkJoinResult result)
        {
            return (usesWifi ? "Wi-Fi up" : "network up") + Detail(result);
        }

        internal static string ClockSane(long now, long earliest)
        {
            return "clock: " + UnixTime.Format(now) + ", later than the earliest plausible time " + UnixTime.Format(earliest) + ": sane";
        }

        internal static string ClockTooEarly(long now, long earliest, int timeoutMilliseconds)
        {
            return "clock: " + UnixTime.Format(now) + ", EARLIER than the earliest plausible time " + UnixTime.Format(earliest)
                + ": waiting for the real time (SNTP, at most " + (timeoutMilliseconds / 1000).ToString() + " s)";
        }

        internal static string ClockNotSet(long now)
        {
            return "the clock was not set (it reads " + UnixTime.Format(now) + "): TLS certificates and SAS tokens need the real time. SNTP needs UDP port 123 to pool.ntp.org";
        }

        internal static string ClockSet(long now)
        {
            return "clock set: " + UnixTime.Format(now);
        }

        internal static string RootsMissing(string detail)
        {
            return "TLS root certificates: " + detail + ". Deploy them with nanoff --filedeployment config/deploy.json --serialport <port>";
        }

        internal static string Roots(string detail)
        {
            return "TLS roots: " + detail;
        }

        internal static string Effort(ProvisioningOutcome outcome)
        {
            return outcome.RequestCount.ToString() + " DPS request(s) in " + (outcome.ElapsedMilliseconds / 1000).ToString() + " s";
        }

        internal static string NoAssignment(ProvisioningOutcome outcome)
        {
            return "no assignment after " + Effort(outcome)
                + (outcome.ErrorCode == 0 ? string.Empty : "; DPS error " + outcome.ErrorCode.ToString() + " " + outcome.ErrorMessage)
                + (outcome.TrackingId == null ? string.Empty : "; trackingId " + outcome.TrackingId);
        }

        internal static string NotAssigned(OutcomeKind kind)
        {
            return "DPS gave no assignment (" + OutcomeName(kind) + ")";
        }

        internal static string ProvisioningTook(ProvisioningOutcome outcome)
        {
            return "provisioning took " + Effort(outcome);
        }

        internal static string RecordNotSaved(string hub, string problem)
        {
            return "DPS assigned " + hub + ", but the assignment could not be saved to flash (" + problem + "): the next boot registers again";
        }

        internal static string RecordSaved()
        {
            return "assignment saved to flash (" + RecordStore.RecordName + ", written as " + RecordStore.TempName + " then renamed): later boots skip DPS";
        }

        internal static string Proving(ProvisioningRecord record)
        {
            return HubProof.Name + ": one message to " + record.AssignedHub + " as " + record.DeviceId;
        }

        internal static string RegisteringAgain(string reason)
        {
            return "registering again: " + reason + " (once per boot)";
        }

        internal static string Provisioned(ProvisionedDevice device)
        {
            return "provisioned: hub " + device.AssignedHub + ", device " + device.DeviceId + "; the application takes over";
        }

        internal static string FailedBoot(int failedInARow, string reason)
        {
            return "boot " + failedInARow.ToString() + " in a row without a working assignment: " + reason;
        }

        internal static string StayingAwake(int milliseconds)
        {
            return "staying awake " + (milliseconds / 1000).ToString() + " s so that nanoff or Visual Studio can reach the board; a newly deployed device.json restarts it at once";
        }

        internal static string NewConfigRestart(int sleepSeconds)
        {
            return "a new device.json was deployed: restarting now instead of sleeping " + Duration(sleepSeconds);
        }

        internal static string DeepSleep(int sleepSeconds)
        {
            return "deep sleep for " + Duration(sleepSeconds) + ", then the board starts again";
        }

        internal static string FlashStepFailed(string what, string problem)
        {
            return what + " (" + problem + ")";
        }

        internal static string Unexpected(System.Exception ex)
        {
            return "unexpected " + ex.GetType().Name + ": " + ex.Message;
        }

        internal static string Mac(byte[] mac)
        {
            string text = Hex.ToLower(new byte[] { mac[0] }, 1);
            for (int i = 1; i < mac.Length; i++)
            {
                text += ":" + Hex.ToLower(new byte[] { mac[i] }, 1);
            }

            return text;
        }

        private static string Detail(NetworkJoinResult result)
        {
            return result.Detail == null ? string.Empty : " (" + result.Detail + ")";
        }

        private static string JoinHint(NetworkJoinKind kind)
        {
            switch (kind)
            {
                case NetworkJoinKind.NetworkNotFound:
                    return "Check wifiSsid in device.json, and that the network is 2.4 GHz and in range";
                case NetworkJoinKind.WrongPassword:
                    return "Check wifiPassword in device.json";
                case NetworkJoinKind.NoAddress:
                    return "The network gave no address: check its DHCP server";
                default:
                    return "Check wifiSsid and wifiPassword in device.json, and that the network is 2.4 GHz";
            }
        }

        private static string OutcomeName(OutcomeKind kind)
        {
            switch (kind)
            {
                case OutcomeKind.Assigned: return "assigned";
                case OutcomeKind.Failed: return "DPS could not assign a hub";
                case OutcomeKind.Disabled: return "disabled in DPS";
                case OutcomeKind.Unauthorized: return "DPS refused the SAS token twice";
                case OutcomeKind.NotFound: return "DPS knows no such scope, enrollment or operation";
                case OutcomeKind.BadRequest: return "DPS rejected the request";
                case OutcomeKind.ClockNotSet: return "the clock is not set";
                default: return "no assignment within deadlineSeconds";
            }
        }

        private static string Duration(int seconds)
        {
            return (seconds / 60).ToString() + " min " + (seconds % 60).ToString() + " s";
        }
    }
}
