// A custom allocation webhook in Node.js, as an Azure Functions HTTP trigger would hold it: the
// handler reads the AllocationRequest DPS POSTs and answers the AllocationResponse. Plain `node`
// serves it here (no Functions host): it listens on 127.0.0.1, on the port given as the first
// argument (0: any free one), prints {"port":N} once listening, and requires ?code=<second argument>.
'use strict';
const http = require('http');

const port = Number(process.argv[2] || 0);
const functionKey = process.argv[3] || '';

// The function body: heat pumps go to the linked hub whose name holds "2", everything else to the first.
function allocate(request) {
  const context = request.deviceRuntimeContext || {};
  const hubs = request.linkedHubs || [];
  const registrationId = context.registrationId || '';
  const hub = registrationId.includes('heatpump') ? hubs.find(h => h.includes('2')) : hubs[0];
  if (!hub) {
    return { status: 400, body: { error: 'no hub for ' + registrationId } };
  }
  return {
    status: 200,
    body: {
      iotHubHostName: hub,
      initialTwin: { tags: { allocatedBy: 'node' }, properties: { desired: { interval: 60 } } },
      payload: { allocatedBy: 'node', firmware: (context.payload || {}).firmware || null },
    },
  };
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  let text = '';
  req.setEncoding('utf8');
  req.on('data', chunk => { text += chunk; });
  req.on('end', () => {
    let answer;
    if (req.method !== 'POST' || url.pathname !== '/api/allocate') {
      answer = { status: 404, body: { error: 'not found' } };
    } else if (url.searchParams.get('code') !== functionKey) {
      answer = { status: 401, body: { error: 'function key required' } };
    } else {
      try {
        answer = allocate(JSON.parse(text));
      } catch (e) {
        answer = { status: 400, body: { error: 'not JSON: ' + e.message } };
      }
    }
    res.writeHead(answer.status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
