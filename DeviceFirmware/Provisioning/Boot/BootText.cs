namespace NanoDps.Provisioning
{
    /// <summary>
    /// Every sentence the boot writes to the log or gives as the reason of a failed boot, in the
    /// order the boot reaches them. Kept here, apart from the decisions, so that the wording can be
    /// read and weighed in one place (each string costs flash and string-table room on the board);
    /// docs/tutorials/board.md's log and docs/how-to/board-troubleshooting.md's table explain each line.
    /// </summary>
    internal static class BootText
    {
        internal const string RewriteComment = "Rewritten by nanoDps at first boot: the group key was replaced by this board's derived deviceKey. Deploy a new device.json to change anything.";

        internal const string CounterNotRead = "boot counter not read";
        internal const string CounterNotWritten = "boot not counted";
        internal const string FailureNotCounted = "failed boot not counted";
        internal const string FailuresNotCleared = "failed boots not cleared";
        internal const string NoStationMac = "no Wi-Fi MAC: set registrationId in device.json";
        internal const string GroupKeyKept = "device.json: group key kept (keepGroupKey)";
        internal const string GroupKeyTakenOut = "device.json: group key replaced by the device key";
        internal const string DeviceKeyFromConfig = "device key: from device.json";
        internal const string DeviceKeyDerived = "device key: derived from the group key";
        internal const string NoStoredAssignment = "stored assignment: none";
        internal const string HubFailed = "hub not reached: the next boot tries it again";
        internal const string HubRefusedAgain = "hub refused the device again after a new registration: check the device in the hub";
        internal const string OutOfOrder = "boot driven out of order";

        internal static string Started(string firmwareVersion, long boots, bool wokeFromRetrySleep, int failedBefore)
        {
            return "nanoDps " + firmwareVersion + ", boot " + boots.ToString() + (wokeFromRetrySleep ? ": retry wake-up" : ": power-on")
                + (failedBefore == 0 ? string.Empty : ", " + failedBefore.ToString() + " failed before");
        }

        internal static string ConfigMissing()
        {
            return DeviceConfigFile.FileName + " missing: deploy it (nanoff --filedeployment)";
        }

        internal static string ConfigInvalid(int problems)
        {
            return DeviceConfigFile.FileName + ": " + problems.ToString() + " problem(s), see above";
        }

        internal static string ConfigLine(string text)
        {
            return DeviceConfigFile.FileName + ": " + text;
        }

        internal static string ConfigSummary(DeviceConfig config)
        {
            return "config: scope " + config.IdScope + ", endpoint " + config.Endpoint + ", api " + config.ApiVersion
                + (DeviceConfig.IsEmpty(config.GroupKey) ? ", device key" : ", group key");
        }

        internal static string RegistrationIdFromMac(string registrationId, string prefix, string mac)
        {
            return "registration id: " + registrationId + " (" + prefix + " + MAC " + mac + ")";
        }

        internal static string RegistrationIdFromConfig(string registrationId)
        {
            return "registration id: " + registrationId + " (from device.json)";
        }

        internal static string GroupKeyNotTakenOut(string problem)
        {
            return "device.json: group key kept: " + problem;
        }

        internal static string StoredAssignment(ProvisioningRecord record)
        {
            return "stored assignment: hub " + record.AssignedHub + ", device " + record.DeviceId + ", since " + UnixTime.Format(record.AssignedAtUnix);
        }

        internal static string Decision(BootDecision decision)
        {
            return (decision.MustProvision ? "boot decision: DPS (" : "boot decision: stored assignment (") + decision.Reason + ")";
        }

        internal static string WifiAlreadyStored(string ssid)
        {
            return "Wi-Fi \"" + ssid + "\": credentials unchanged";
        }

        internal static string WifiStored(string ssid)
        {
            return "Wi-Fi \"" + ssid + "\": credentials stored";
        }

        internal static string Joining(string ssid, int timeoutMilliseconds)
        {
            return "Wi-Fi \"" + ssid + "\": joining (" + (timeoutMilliseconds / 1000).ToString() + " s max)";
        }

        internal static string NotJoined(bool usesWifi, NetworkJoinResult result)
        {
            return (usesWifi ? "Wi-Fi" : "the network") + " not joined: " + JoinName(result.Kind) + Detail(result) + ". " + JoinHint(result.Kind);
        }

        internal static string Joined(bool usesWifi, NetworkJoinResult result)
        {
            return (usesWifi ? "Wi-Fi up" : "network up") + Detail(result);
        }

        internal static string ClockSane(long now)
        {
            return "clock: " + UnixTime.Format(now);
        }

        internal static string ClockTooEarly(long now, long earliest, int timeoutMilliseconds)
        {
            return "clock: " + UnixTime.Format(now) + ", before " + UnixTime.Format(earliest) + ": SNTP (" + (timeoutMilliseconds / 1000).ToString() + " s max)";
        }

        internal static string ClockNotSet(long now)
        {
            return "clock not set (reads " + UnixTime.Format(now) + "): SNTP needs UDP port 123";
        }

        internal static string ClockSet(long now)
        {
            return "clock set: " + UnixTime.Format(now);
        }

        internal static string RootsMissing(string detail)
        {
            return "TLS roots: " + detail + ": deploy them (nanoff --filedeployment)";
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
            return "assignment to " + hub + " not saved (" + problem + ")";
        }

        internal static string PayloadTooLarge(int length)
        {
            return "DPS payload: " + length.ToString() + " chars, over " + ProvisionedDevice.MaxPayloadLength.ToString() + ": not kept";
        }

        internal static string RecordSaved()
        {
            return "assignment saved (" + RecordStore.RecordName + ")";
        }

        internal static string Proving(ProvisioningRecord record)
        {
            return HubProof.Name + ": to " + record.AssignedHub + " as " + record.DeviceId;
        }

        internal static string RegisteringAgain(string reason)
        {
            return "registering again: " + reason + " (once per boot)";
        }

        internal static string Provisioned(ProvisionedDevice device)
        {
            return "provisioned: hub " + device.AssignedHub + ", device " + device.DeviceId;
        }

        internal static string FailedBoot(int failedInARow, string reason)
        {
            return "failed boot " + failedInARow.ToString() + " in a row: " + reason;
        }

        internal static string StayingAwake(int milliseconds)
        {
            return "awake " + (milliseconds / 1000).ToString() + " s for a new device.json";
        }

        internal static string NewConfigRestart()
        {
            return "new device.json: restarting";
        }

        internal static string DeepSleep(int sleepSeconds)
        {
            return "deep sleep " + Duration(sleepSeconds);
        }

        internal static string FlashStepFailed(string what, string problem)
        {
            return what + " (" + problem + ")";
        }

        internal static string Unexpected(System.Exception ex)
        {
            return "unexpected " + ex.GetType().Name + ": " + ex.Message;
        }

        internal static string ApplicationFailed(System.Exception ex)
        {
            return "the application failed: " + ex.GetType().Name + ": " + ex.Message;
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

        /// <summary>The name of a join kind (Enum.ToString gives the number on nanoFramework).</summary>
        private static string JoinName(NetworkJoinKind kind)
        {
            switch (kind)
            {
                case NetworkJoinKind.Joined: return "joined";
                case NetworkJoinKind.NetworkNotFound: return "network not found";
                case NetworkJoinKind.WrongPassword: return "wrong password";
                case NetworkJoinKind.NoAddress: return "no address from DHCP";
                case NetworkJoinKind.TimedOut: return "timed out";
                default: return "the Wi-Fi driver failed";
            }
        }

        private static string JoinHint(NetworkJoinKind kind)
        {
            switch (kind)
            {
                case NetworkJoinKind.NetworkNotFound:
                    return "check wifiSsid (2.4 GHz, in range)";
                case NetworkJoinKind.WrongPassword:
                    return "check wifiPassword";
                case NetworkJoinKind.NoAddress:
                    return "no address: check DHCP";
                default:
                    return "check wifiSsid and wifiPassword (2.4 GHz)";
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
