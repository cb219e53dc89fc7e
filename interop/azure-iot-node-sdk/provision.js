#!/usr/bin/env node
// Copyright (c) nanoDps contributors. MIT licence.
//
// Provisions one symmetric-key device with the OFFICIAL Azure IoT Node.js device SDK, HTTP
// transport, used unmodified: ProvisioningDeviceClient.create(host, idScope, new Http(),
// new SymmetricKeySecurityClient(registrationId, deviceKey)).register().
//
//   NODE_EXTRA_CA_CERTS=.dps-emulator/ca.pem node provision.js \
//     --host 127.0.0.1:8443 --id-scope 0ne00ABCDEF --registration-id my-device-1 --device-key <base64>
//
// Options (or environment variables): --host DPS_HOST (host or host:port; default
// global.azure-devices-provisioning.net), --id-scope DPS_ID_SCOPE, --registration-id
// DPS_REGISTRATION_ID, --device-key DPS_DEVICE_KEY (the device's key: for a group enrollment the
// key derived from the group key), --payload DPS_PAYLOAD (optional JSON object), --timeout
// DPS_TIMEOUT (seconds, default 60).
//
// Success: one JSON line on stdout {"registrationId","assignedHub","deviceId","status","substatus"[,"payload"]},
// exit 0. Failure: one JSON line on stderr {"error","message","httpStatus","body"}, exit 1
// (2 for bad arguments, 3 on timeout).
//
// Trust: the emulator's root is added with NODE_EXTRA_CA_CERTS=<data folder>/ca.pem (read by node
// at start-up). Certificate checks stay on: this script refuses NODE_TLS_REJECT_UNAUTHORIZED=0.
//
// Port: the SDK cannot take one. It hands provisioningHost to https.request() as `host`, without a
// `port` (azure-iot-http-base/dist/http.js, buildRequest), and node does not split "host:port" there
// (it looks up "127.0.0.1:8443" as a name: getaddrinfo ENOTFOUND). Node's documented rule for a
// request without `port` is `port = defaultPort`, which defaults to the agent's `defaultPort`, and
// a request without `agent` uses https.globalAgent. So the SDK gets the bare host name (as it gets
// "global.azure-devices-provisioning.net" in production) and the port goes to Node's default agent.
'use strict';

const https = require('node:https');
const { ProvisioningDeviceClient } = require('azure-iot-provisioning-device');
const { Http } = require('azure-iot-provisioning-device-http');
const { SymmetricKeySecurityClient } = require('azure-iot-security-symmetric-key');

const OPTIONS = {
  '--host': 'DPS_HOST',
  '--id-scope': 'DPS_ID_SCOPE',
  '--registration-id': 'DPS_REGISTRATION_ID',
  '--device-key': 'DPS_DEVICE_KEY',
  '--payload': 'DPS_PAYLOAD',
  '--timeout': 'DPS_TIMEOUT',
};

function usage(message) {
  process.stderr.write(`${message}\nusage: node provision.js --host <host[:port]> --id-scope <scope> `
    + '--registration-id <id> --device-key <base64> [--payload <json object>] [--timeout <seconds>]\n'
    + `(or the environment variables ${Object.values(OPTIONS).join(', ')})\n`);
  process.exit(2);
}

function readSettings(argv) {
  const settings = {};
  for (const [option, variable] of Object.entries(OPTIONS)) {
    if (process.env[variable]) {
      settings[option] = process.env[variable];
    }
  }
  for (let i = 0; i < argv.length; i += 2) {
    if (!(argv[i] in OPTIONS) || i + 1 >= argv.length) {
      usage(`unknown option or missing value: ${argv[i]}`);
    }
    settings[argv[i]] = argv[i + 1];
  }
  for (const required of ['--id-scope', '--registration-id', '--device-key']) {
    if (!settings[required]) {
      usage(`missing ${required} (or ${OPTIONS[required]})`);
    }
  }
  return settings;
}

/** Splits "host", "host:port" or "[v6]:port" into the name the SDK gets and the TCP port (443 if none). */
function parseHost(text) {
  let url;
  try {
    url = new URL(`https://${text}`);
  } catch {
    usage(`not a host or host:port: ${text}`);
  }
  if (url.pathname !== '/' || url.search || url.username) {
    usage(`not a host or host:port: ${text}`);
  }
  return { name: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port ? Number(url.port) : 443 };
}

function fail(error) {
  const response = error.response || error.transportObject;
  process.stderr.write(JSON.stringify({
    error: error.name || 'Error',
    message: error.message,
    httpStatus: response && response.statusCode,
    body: error.responseBody,
    code: error.code,
  }) + '\n');
  if (/certificate|self.signed|UNABLE_TO_VERIFY/i.test(`${error.code} ${error.message}`)) {
    process.stderr.write('TLS: trust the emulator with NODE_EXTRA_CA_CERTS=<data folder>/ca.pem\n');
  }
  process.exit(1);
}

async function main() {
  if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    usage('NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off; trust the CA with NODE_EXTRA_CA_CERTS instead');
  }

  const settings = readSettings(process.argv.slice(2));
  const host = parseHost(settings['--host'] || 'global.azure-devices-provisioning.net');
  const timeoutSeconds = Number(settings['--timeout'] || 60);
  if (!(timeoutSeconds > 0)) {
    usage(`not a number of seconds: ${settings['--timeout']}`);
  }

  let payload;
  if (settings['--payload']) {
    try {
      payload = JSON.parse(settings['--payload']);
    } catch (e) {
      usage(`--payload is not JSON: ${e.message}`);
    }
  }

  // See the header: the one place the port goes, since the SDK sends every request without one.
  https.globalAgent.defaultPort = host.port;

  const timer = setTimeout(() => {
    process.stderr.write(JSON.stringify({ error: 'Timeout', message: `no answer within ${timeoutSeconds} s` }) + '\n');
    process.exit(3);
  }, timeoutSeconds * 1000);
  timer.unref();

  const client = ProvisioningDeviceClient.create(
    host.name,
    settings['--id-scope'],
    new Http(),
    new SymmetricKeySecurityClient(settings['--registration-id'], settings['--device-key']));
  if (payload !== undefined) {
    client.setProvisioningPayload(payload);
  }

  const state = await client.register();
  const result = {
    registrationId: state.registrationId,
    assignedHub: state.assignedHub,
    deviceId: state.deviceId,
    status: state.status,
    substatus: state.substatus,
  };
  if (state.payload !== undefined) {
    result.payload = state.payload;
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  clearTimeout(timer);
}

main().catch(fail);
