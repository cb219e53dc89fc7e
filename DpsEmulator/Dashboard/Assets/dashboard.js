// The DPS emulator dashboard: renders the state the emulator pushes on /emulator/events
// (Server-Sent Events) and calls the emulator API. Text only ever goes in through textContent.
'use strict';

(() => {
  let state = null;
  let faultsEdited = false;

  const $ = (id) => document.getElementById(id);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function row(cells, attributes) {
    const tr = document.createElement('tr');
    for (const [name, value] of Object.entries(attributes || {})) tr.dataset[name] = value;
    for (const cell of cells) tr.appendChild(cell instanceof Node ? cell : el('td', cell));
    return tr;
  }

  function cell(text, className) {
    return el('td', text, className);
  }

  function replaceRows(table, rows, empty) {
    const body = $(table).tBodies[0];
    body.replaceChildren(...rows);
    if (rows.length === 0) {
      const td = cell(empty, 'muted');
      td.colSpan = $(table).tHead.rows[0].cells.length;
      body.appendChild(row([td]));
    }
  }

  const time = (iso) => (iso ? iso.substring(11, 23) : '');
  const dateTime = (iso) => (iso ? iso.substring(0, 10) + ' ' + iso.substring(11, 19) : '');

  function statusClass(status) {
    if (status === 0 || status >= 500) return 'bad';
    if (status >= 400) return 'warn';
    return 'ok';
  }

  function say(text, bad) {
    const status = $('action-status');
    status.textContent = text;
    status.className = 'action ' + (bad ? 'bad' : 'ok');
  }

  async function change(method, url, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (state && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;
    const response = await fetch(url, { method, headers, body: JSON.stringify(body), credentials: 'same-origin' });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.error || ('HTTP ' + response.status));
    return answer;
  }

  function renderFaults(faults) {
    const select = $('fault-profile');
    if (select.options.length !== faults.profiles.length) {
      select.replaceChildren(...faults.profiles.map((name) => {
        const option = el('option', name);
        option.value = name;
        return option;
      }));
    }
    if (!faultsEdited) {
      select.value = faults.profile;
      $('fault-seed').value = faults.seed;
    }
    $('fault-current').textContent = 'in force: ' + faults.profile + ' (seed ' + faults.seed + (faults.applyToHub ? ', hub too' : '') + ')';
    document.body.dataset.faultProfile = faults.profile;
  }

  function toggleButton(kind, id, status) {
    const button = el('button', status === 'enabled' ? 'Disable' : 'Enable', 'toggle');
    button.type = 'button';
    button.dataset.kind = kind;
    button.dataset.id = id;
    button.dataset.next = status === 'enabled' ? 'disabled' : 'enabled';
    return button;
  }

  function enrollmentRow(kind, label, id, e) {
    const actions = cell();
    actions.appendChild(toggleButton(kind, id, e.provisioningStatus));
    return row([cell(id, 'id'), cell(label), cell(e.provisioningStatus, e.provisioningStatus), cell(e.allocationPolicy),
      cell(e.iotHubs.join(', ') || '(no hub)', 'hubs'), actions], { enrollment: id, status: e.provisioningStatus });
  }

  function renderEnrollments(enrollments) {
    replaceRows('enrollments', [
      ...enrollments.groups.map((g) => enrollmentRow('enrollmentGroups', 'group', g.enrollmentGroupId, g)),
      ...enrollments.individuals.map((i) => enrollmentRow('individualEnrollments', 'individual', i.registrationId, i)),
    ], 'No enrollment: add one to enrollments.json or through the library.');
  }

  function renderRegistrations(registrations) {
    $('registrations-total').textContent = '(' + registrations.total + ' stored' + (registrations.total > registrations.newest.length ? ', newest ' + registrations.newest.length + ' shown' : '') + ')';
    replaceRows('registrations', registrations.newest.map((r) => row([
      cell(r.registrationId), cell(r.deviceId), cell(r.assignedHub), cell(r.status + (r.substatus ? ' · ' + r.substatus : ''), r.status),
      cell(r.enrollmentGroupId || 'individual'), cell(dateTime(r.lastUpdatedUtc)),
    ], { registrationId: r.registrationId, hub: r.assignedHub })), 'No device registered yet.');
  }

  function renderRequests(requests) {
    $('requests-total').textContent = '(' + requests.total + ' since start, newest ' + requests.newest.length + ' shown)';
    replaceRows('requests', requests.newest.map((r) => row([
      cell(time(r.startUtc)), cell(r.method + ' ' + r.kind), cell(r.registrationId || r.path),
      cell(r.status === 0 ? (r.kind === 'webhook' ? 'no answer' : 'reset') : r.status, statusClass(r.status)), cell(r.fault || '', r.fault ? 'fault' : ''),
      cell(r.detail || '', 'detail'), cell(r.milliseconds, 'number'),
    ], { registrationId: r.registrationId || '', status: String(r.status), fault: r.fault || '' })), 'No request yet.');
  }

  function meter(title, q) {
    const box = el('div', null, 'quota');
    box.appendChild(el('h3', title));
    const line = el('p');
    if (q.perMinute === null) {
      line.textContent = q.lastMinute + ' requests, unlimited';
    } else {
      line.textContent = q.lastMinute + ' of ' + q.perMinute + ' per minute · bucket ' + q.available + '/' + q.burst;
      const bar = el('meter');
      bar.min = 0;
      bar.max = q.perMinute;
      bar.value = Math.min(q.lastMinute, q.perMinute);
      bar.high = q.perMinute * 0.8;
      box.appendChild(bar);
    }
    box.appendChild(line);
    box.appendChild(el('p', q.acceptedLastMinute + ' accepted · ' + q.throttledLastMinute + ' answered 429 by the quota', q.throttledLastMinute ? 'warn' : 'muted'));
    return box;
  }

  function renderQuotas(quotas) {
    const polls = el('div', null, 'quota');
    polls.appendChild(el('h3', 'Polls per device'));
    polls.appendChild(el('p', quotas.pollsPerDevice === null ? 'unlimited' : quotas.pollsPerDevice + ' per ' + quotas.pollWindowSeconds + ' s'));
    polls.appendChild(el('p', quotas.injectedFaultsLastMinute + ' injected faults', quotas.injectedFaultsLastMinute ? 'warn' : 'muted'));
    $('quotas').replaceChildren(meter('Registrations', quotas.registrations), meter('Operations', quotas.operations), polls);
  }

  function renderMessages(messages) {
    $('messages-total').textContent = '(' + messages.total + ' kept, ' + messages.bytes + ' bytes)';
    replaceRows('messages', messages.devices.map((d) => row([
      cell(d.deviceId), cell(d.iotHub), cell(d.count, 'number'), cell(d.bytes, 'number'), cell(dateTime(d.lastReceivedUtc)), cell(d.lastBody, 'body'),
    ], { deviceId: d.deviceId })), 'No hub message yet.');
  }

  function render(next) {
    state = next;
    $('id-scope').textContent = next.idScope;
    $('signout').hidden = !next.signInRequired;
    renderFaults(next.faults);
    renderQuotas(next.quotas);
    renderEnrollments(next.enrollments);
    renderRegistrations(next.registrations);
    renderRequests(next.requests);
    renderMessages(next.hubMessages);
    document.body.dataset.updated = next.now;
  }

  function connect() {
    const live = $('live');
    const feed = new EventSource('/emulator/events');
    feed.addEventListener('state', (e) => {
      render(JSON.parse(e.data));
      live.textContent = 'live';
      live.className = 'live on';
    });
    feed.addEventListener('signin', () => window.location.reload());
    feed.onerror = () => {
      live.textContent = 'reconnecting…';
      live.className = 'live off';
    };
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('fault-profile').addEventListener('change', () => { faultsEdited = true; });
    $('fault-seed').addEventListener('input', () => { faultsEdited = true; });
    $('faults-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const profile = $('fault-profile').value;
      const seed = Number.parseInt($('fault-seed').value || '0', 10);
      try {
        const answer = await change('PUT', '/emulator/faults', { profile, seed });
        faultsEdited = false;
        say('Fault profile ' + answer.profile + ' (seed ' + answer.seed + ') in force from the next request.');
      } catch (error) {
        say('Could not switch the fault profile: ' + error.message, true);
      }
    });
    $('enrollments').addEventListener('click', async (e) => {
      const button = e.target.closest('button.toggle');
      if (!button) return;
      button.disabled = true;
      try {
        await change('PUT', '/emulator/' + button.dataset.kind + '/' + encodeURIComponent(button.dataset.id) + '/provisioningStatus',
          { provisioningStatus: button.dataset.next });
        say('Enrollment ' + button.dataset.id + ' ' + button.dataset.next + '.');
      } catch (error) {
        button.disabled = false;
        say('Could not change enrollment ' + button.dataset.id + ': ' + error.message, true);
      }
    });
    $('signout').addEventListener('click', async () => {
      await change('POST', '/emulator/signout', {}).catch(() => {});
      window.location.reload();
    });
    connect();
  });
})();
