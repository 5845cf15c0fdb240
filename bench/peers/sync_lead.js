// syncLead through node-soap (npm `soap`), for bench/run: see bench/README.md.
//
//   NODE_PATH=.../node_modules node sync_lead.js once|rt|codec|batch [CALLS]
//
// Environment: BENCH_URL (endpoint), BENCH_WSDL (the WSDL file), BENCH_DATA (folder of the canned
// responses, for codec and batch), MARKETO_USER_ID, MARKETO_ENCRYPTION_KEY.
//   once   one signed syncLead to BENCH_URL; prints "status=S leadId=N"
//   rt     warm-up, then CALLS signed syncLead calls to BENCH_URL (node's kept-alive agent);
//          prints "per_call_us=X"
//   codec  the same through an httpClient that returns the canned response: encode + decode
//   batch  syncMultipleLeads with 300 leads, canned 300-status response; prints the call's time
//          and the request and response sizes
// The request is bench/workload.c's; every call signs a fresh AuthenticationHeader (HMAC-SHA1 of
// requestTimestamp + mktowsUserId).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const soap = require('soap');

function setAuth(client, user, key) {
  const ts = new Date().toISOString().slice(0, 19) + '+00:00';
  const sig = crypto.createHmac('sha1', key).update(ts + user).digest('hex');
  client.clearSoapHeaders();
  // The WSDL's own prefix (tns) for the header element; its children are unqualified. (Passing
  // name and namespace to addSoapHeader() qualifies the children instead, which the service rejects.)
  client.addSoapHeader({ 'tns:AuthenticationHeader': { mktowsUserId: user, requestSignature: sig, requestTimestamp: ts } });
}

function syncLeadParams() {
  return {
    leadRecord: {
      Email: 'george@jungle.com',
      leadAttributeList: { attribute: [
        { attrName: 'FirstName', attrValue: 'George' },
        { attrName: 'LastName', attrValue: 'of the Jungle' },
      ] },
    },
    returnLead: false,
  };
}

function batchParams() {
  const leads = [];
  for (let n = 1; n <= 300; n++) {
    const attrs = [['FirstName', `First${n}`], ['LastName', `Last${n}`], ['Company', `Company ${n} Ltd`],
      ['Title', 'Engineer'], ['Phone', `+1 555 ${String(n).padStart(4, '0')}`], ['City', 'Springfield'],
      ['State', 'CA'], ['Country', 'USA']];
    leads.push({ Email: `lead${String(n).padStart(3, '0')}@example.com`,
      leadAttributeList: { attribute: attrs.map(([attrName, attrValue]) => ({ attrName, attrValue })) } });
  }
  return { leadRecordList: { leadRecord: leads }, dedupEnabled: true };
}

async function main() {
  const mode = process.argv[2] || '';
  const calls = parseInt(process.argv[3] || '1', 10);
  const user = process.env.MARKETO_USER_ID;
  const key = process.env.MARKETO_ENCRYPTION_KEY;
  const data = process.env.BENCH_DATA || '';
  const options = { endpoint: process.env.BENCH_URL };
  let canned = null;
  let requestBytes = 0;
  if (mode === 'codec') canned = fs.readFileSync(path.join(data, 'sync_lead_response.xml'), 'utf8');
  else if (mode === 'batch') canned = fs.readFileSync(path.join(data, 'sync_multiple_leads_response.xml'), 'utf8');
  else if (mode !== 'once' && mode !== 'rt') throw new Error('usage: sync_lead.js once|rt|codec|batch [CALLS]');
  if (canned !== null) {
    options.httpClient = {
      request(rurl, body, callback) {
        requestBytes = Buffer.byteLength(body);
        callback(null, { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, data: canned }, canned);
      },
    };
  }
  const client = await soap.createClientAsync(process.env.BENCH_WSDL, options);

  if (mode === 'once') {
    setAuth(client, user, key);
    const [r] = await client.syncLeadAsync(syncLeadParams());
    console.log(`status=${r.result.syncStatus.status} leadId=${r.result.leadId}`);
    return;
  }
  let call;
  if (mode === 'batch') {
    const params = batchParams();
    call = async () => {
      setAuth(client, user, key);
      const [r] = await client.syncMultipleLeadsAsync(params);
      if (r.result.syncStatusList.syncStatus.length !== 300) throw new Error('bad batch response');
    };
  } else {
    const params = syncLeadParams();
    call = async () => {
      setAuth(client, user, key);
      const [r] = await client.syncLeadAsync(params);
      if (r.result.syncStatus.status !== 'UPDATED') throw new Error('bad syncLead response');
    };
  }
  for (let i = 0; i < Math.max(10, Math.floor(calls / 10)); i++) await call();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await call();
  const us = Number(process.hrtime.bigint() - t0) / 1e3 / calls;
  if (mode === 'batch') {
    const rb = Buffer.byteLength(canned);
    console.log(`per_call_us=${us.toFixed(2)} request_bytes=${requestBytes} response_bytes=${rb} ` +
      `mb_per_s=${((requestBytes + rb) / us).toFixed(2)}`);
  } else {
    console.log(`per_call_us=${us.toFixed(3)}`);
  }
}

main().catch((e) => { console.error(`sync_lead.js: ${e.stack || e}`); process.exit(1); });
