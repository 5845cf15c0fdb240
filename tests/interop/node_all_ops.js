// Every operation of the WSDL through node-soap (npm `soap`, the version scripts/node-soap pins), a
// client we did not write, against mktows-server.
//
//   NODE_PATH=$(scripts/node-soap) MARKETO_SOAP_ENDPOINT=... MARKETO_USER_ID=... \
//     MARKETO_ENCRYPTION_KEY=... node node_all_ops.js
//
// The server must run with data/server/mktows-server.conf (its lists, campaigns, programs,
// channels, tags, custom object type and fixtures). The client is built from the served
// <endpoint>?WSDL; the operations to call are those its describe() lists from that WSDL, so one
// this script has no call for fails. Each call signs a fresh AuthenticationHeader and its
// result's content is checked.
//
// Prints one line per operation, "PASS <op>: <what was checked>" or "FAIL <op>: <why>", then the
// fault line (getLead of an unknown lead: detail/serviceException/code 20103), then
// "summary: N passed, M failed"; exits 1 on any failure. Operations named in
// $MKTOWS_TEST_NEW_OPERATIONS (the interface evolution suite's new ones) are "SKIP <op>".
// tests/test_server_interop_all_ops.c runs it; docs/testing.md (The interop suites) says what each step checks.
'use strict';
const crypto = require('crypto');
const soap = require('soap');

const EMAIL = 'node-all@example.com';
const EMAIL_WIN = 'node-winner@example.com';
const EMAIL_LOSE = 'node-loser@example.com';
const endpoint = process.env.MARKETO_SOAP_ENDPOINT;
const user = process.env.MARKETO_USER_ID;
const key = process.env.MARKETO_ENCRYPTION_KEY;
const newOps = (process.env.MKTOWS_TEST_NEW_OPERATIONS || '').split(',').filter(Boolean);

let client;
const state = {};

class CheckFailed extends Error {}

function expect(cond, what) {
  if (!cond) throw new CheckFailed(what);
}

function setAuth() {
  const ts = new Date().toISOString().slice(0, 19) + '+00:00';
  const sig = crypto.createHmac('sha1', key).update(ts + user).digest('hex');
  client.clearSoapHeaders();
  // The WSDL's own prefix (tns) for the header element; its children are unqualified.
  client.addSoapHeader({ 'tns:AuthenticationHeader': { mktowsUserId: user, requestSignature: sig, requestTimestamp: ts } });
}

// One call; returns the response's result (leadActivityList for getLeadActivity).
async function call(op, params) {
  setAuth();
  const [r] = await client[op + 'Async'](params || {});
  return op === 'getLeadActivity' ? r.leadActivityList : r.result;
}

// A repeated element as a list: node-soap gives one item as the item itself.
function items(v) {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function named(list, nameField = 'name', valueField = 'value') {
  const out = {};
  for (const a of items(list)) out[a[nameField]] = a[valueField];
  return out;
}

function attrs(record) {
  return named(record.leadAttributeList && record.leadAttributeList.attribute, 'attrName', 'attrValue');
}

// A Marketo fault's detail/serviceException/code (node-soap puts the parsed fault on err.root).
function faultCode(err) {
  const fault = err && err.root && err.root.Envelope && err.root.Envelope.Body && err.root.Envelope.Body.Fault;
  const se = fault && fault.detail && fault.detail.serviceException;
  return se ? String(se.code) : null;
}

function faultMessage(err) {
  const fault = err.root && err.root.Envelope && err.root.Envelope.Body && err.root.Envelope.Body.Fault;
  const se = fault && fault.detail && fault.detail.serviceException;
  return se ? se.message : err.message;
}

// leadSelector is of the abstract type LeadSelector: the subtype goes in xsi:type. node-soap's
// { type, xmlns } form of xsi_type writes the subtype's members qualified (tns:keyType), which the
// schema (elementFormDefault unqualified) does not allow; a type named with the WSDL's own prefix,
// declared on the Envelope, leaves them unqualified.
function keySelector(type, values) {
  return { attributes: { xsi_type: { type: 'tns:LeadKeySelector' } }, keyType: type, keyValues: { stringItem: values } };
}

const leadKey = (type, value) => ({ keyType: type, keyValue: String(value) });

// ---- one function per operation, in the order they run ----
const steps = {};

steps.syncLead = async () => {
  const r = await call('syncLead', {
    leadRecord: { Email: EMAIL, leadAttributeList: { attribute: [
      { attrName: 'FirstName', attrValue: 'Nora' }, { attrName: 'LastName', attrValue: 'Node' }] } },
    returnLead: true });
  expect(r.syncStatus.status === 'CREATED', `status ${r.syncStatus.status}, not CREATED`);
  expect(r.leadRecord && r.leadRecord.Email === EMAIL, 'leadRecord does not carry the email');
  state.id = Number(r.leadId);
  return `CREATED lead ${r.leadId}, leadRecord.Email=${r.leadRecord.Email}`;
};

steps.getLead = async () => {
  const r = await call('getLead', { leadKey: leadKey('EMAIL', EMAIL) });
  expect(Number(r.count) === 1, `count ${r.count}`);
  const rec = items(r.leadRecordList.leadRecord)[0];
  const a = attrs(rec);
  expect(Number(rec.Id) === state.id && rec.Email === EMAIL, `lead ${rec.Id} ${rec.Email}`);
  expect(a.FirstName === 'Nora' && a.LastName === 'Node', `attributes ${JSON.stringify(a)}`);
  return `lead ${rec.Id} Email=${rec.Email} FirstName=${a.FirstName}`;
};

steps.syncMultipleLeads = async () => {
  const r = await call('syncMultipleLeads', { leadRecordList: { leadRecord: [
    { Email: EMAIL_WIN, leadAttributeList: { attribute: [{ attrName: 'Company', attrValue: 'Winner Inc.' }] } },
    { Email: EMAIL_LOSE, leadAttributeList: { attribute: [{ attrName: 'Title', attrValue: 'Loser' }] } }] },
  dedupEnabled: true });
  const st = items(r.syncStatusList.syncStatus);
  expect(st.length === 2 && st.every((s) => s.status === 'CREATED'), `statuses ${JSON.stringify(st)}`);
  state.win = Number(st[0].leadId);
  state.lose = Number(st[1].leadId);
  return `2 leads CREATED (${state.win}, ${state.lose})`;
};

steps.getMultipleLeads = async () => {
  const r = await call('getMultipleLeads', { leadSelector: keySelector('EMAIL', [EMAIL_WIN, EMAIL_LOSE]), batchSize: 10,
    includeAttributes: { stringItem: ['Company'] } });
  const recs = items(r.leadRecordList && r.leadRecordList.leadRecord);
  const emails = recs.map((x) => x.Email).sort();
  expect(Number(r.returnCount) === 2 && JSON.stringify(emails) === JSON.stringify([EMAIL_LOSE, EMAIL_WIN]),
    `returned ${JSON.stringify(emails)}`);
  const won = recs.find((x) => x.Email === EMAIL_WIN);
  expect(attrs(won).Company === 'Winner Inc.', `Company ${JSON.stringify(attrs(won))}`);
  return `LeadKeySelector (xsi_type) returned ${emails.join(', ')}, Company=Winner Inc.`;
};

steps.listOperation = async () => {
  const p = { listKey: { keyType: 'MKTOLISTNAME', keyValue: 'Newsletter' },
    listMemberList: { leadKey: [leadKey('IDNUM', state.id)] } };
  const before = await call('listOperation', { listOperation: 'ISMEMBEROFLIST', ...p });
  expect(items(before.statusList.leadStatus)[0].status === false, 'a member before ADDTOLIST');
  const added = await call('listOperation', { listOperation: 'ADDTOLIST', ...p, strict: true });
  expect(added.success === true, `ADDTOLIST success ${added.success}`);
  const after = await call('listOperation', { listOperation: 'ISMEMBEROFLIST', ...p });
  expect(items(after.statusList.leadStatus)[0].status === true, 'not a member after ADDTOLIST');
  return 'ISMEMBEROFLIST Newsletter false, ADDTOLIST success, then ISMEMBEROFLIST true';
};

steps.getLeadActivity = async () => {
  const r = await call('getLeadActivity', { leadKey: leadKey('IDNUM', state.id), batchSize: 10 });
  const recs = items(r.activityRecordList && r.activityRecordList.activityRecord);
  const types = recs.map((x) => x.activityType);
  expect(types.includes('New Lead') && types.includes('Add to List'), `types ${JSON.stringify(types)}`);
  const added = recs.find((x) => x.activityType === 'Add to List');
  expect(added.mktgAssetName === 'Newsletter', `Add to List asset ${added.mktgAssetName}`);
  return `returnCount=${r.returnCount} with New Lead and Add to List (Newsletter)`;
};

steps.getLeadChanges = async () => {
  const since = new Date(Date.now() - 3600 * 1000).toISOString();
  const want = [state.id, state.win, state.lose].sort((a, b) => a - b);
  const r = await call('getLeadChanges', { startPosition: { oldestCreatedAt: since },
    activityNameFilter: { stringItem: ['New Lead'] }, batchSize: 100,
    leadSelector: keySelector('IDNUM', want.map(String)) });
  const people = items(r.leadChangeRecordList && r.leadChangeRecordList.leadChangeRecord)
    .map((c) => Number(c.mktPersonId)).sort((a, b) => a - b);
  expect(Number(r.returnCount) === 3 && JSON.stringify(people) === JSON.stringify(want),
    `New Lead changes for ${JSON.stringify(people)}`);
  return `3 New Lead changes for leads ${people.join(', ')}`;
};

steps.mergeLeads = async () => {
  const r = await call('mergeLeads', {
    winningLeadKeyList: { attribute: [{ attrName: 'IDNUM', attrValue: String(state.win) }] },
    losingLeadKeyLists: { keyList: [{ attribute: [{ attrName: 'IDNUM', attrValue: String(state.lose) }] }] } });
  const ms = r.mergeStatus;
  expect(ms.status === 'MERGED' && Number(ms.winningLeadId) === state.win, `status ${ms.status} winner ${ms.winningLeadId}`);
  const losers = items(ms.losingLeadIdList.integerItem).map(Number);
  expect(JSON.stringify(losers) === JSON.stringify([state.lose]), `losers ${JSON.stringify(losers)}`);
  let gone = false;
  try {
    await call('getLead', { leadKey: leadKey('EMAIL', EMAIL_LOSE) });
  } catch (e) {
    expect(faultCode(e) === '20103', `getLead of the loser: fault ${faultCode(e)}, not 20103`);
    gone = true;
  }
  expect(gone, 'the losing lead is still there');
  const won = items((await call('getLead', { leadKey: leadKey('IDNUM', state.win) })).leadRecordList.leadRecord)[0];
  expect(attrs(won).Title === 'Loser', "the winner did not take the loser's Title");
  return `MERGED ${state.lose} into ${state.win}; the winner has the loser's Title, getLead of the loser's email faults 20103`;
};

steps.getCampaignsForSource = async () => {
  const r = await call('getCampaignsForSource', { source: 'MKTOWS' });
  const names = items(r.campaignRecordList && r.campaignRecordList.campaignRecord).map((c) => c.name);
  expect(Number(r.returnCount) === names.length && ['Send Invitation', 'Welcome', 'Nurture'].every((n) => names.includes(n)),
    `campaigns ${JSON.stringify(names)}`);
  const one = await call('getCampaignsForSource', { source: 'MKTOWS', name: 'Welcome', exactName: true });
  expect(Number(one.returnCount) === 1 && items(one.campaignRecordList.campaignRecord)[0].name === 'Welcome', 'by name');
  return `MKTOWS campaigns ${JSON.stringify(names)}; exactName Welcome finds one`;
};

steps.requestCampaign = async () => {
  const r = await call('requestCampaign', { source: 'MKTOWS', leadList: { leadKey: [leadKey('IDNUM', state.id)] },
    programName: 'Trade Show 2013', campaignName: 'Welcome',
    programTokenList: { attrib: [{ name: '{{my.message}}', value: 'Hello' }] } });
  expect(r.success === true, `success ${r.success}`);
  const act = await call('getLeadActivity', { leadKey: leadKey('IDNUM', state.id),
    activityFilter: { includeTypes: { activityType: ['RequestCampaign'] } } });
  expect(Number(act.returnCount) === 1, `Request Campaign activities: ${act.returnCount}`);
  const rec = items(act.activityRecordList.activityRecord)[0];
  const tokens = named(rec.activityAttributes && rec.activityAttributes.attribute, 'attrName', 'attrValue');
  expect(rec.activityType === 'Request Campaign' && rec.campaign === 'Welcome' && tokens['{{my.message}}'] === 'Hello',
    `activity ${JSON.stringify(rec)}`);
  return "success=true; the lead's Request Campaign activity names Welcome and carries {{my.message}}=Hello";
};

steps.scheduleCampaign = async () => {
  const r = await call('scheduleCampaign', { programName: 'Trade Show 2013', campaignName: 'Nurture',
    campaignRunAt: new Date(Date.now() + 3600 * 1000).toISOString(),
    programTokenList: { attrib: [{ name: '{{my.subject}}', value: 'See you' }] } });
  expect(r.success === true, `success ${r.success}`);
  return 'success=true for Nurture an hour from now';
};

steps.importToList = async () => {
  const r = await call('importToList', { programName: 'Trade Show 2013', importFileHeader: 'Email Address,First Name',
    importFileRows: { stringItem: ['node-imp1@example.com,Ivy', 'node-imp2@example.com,Ike'] },
    importListMode: 'UPSERTLEADS', listName: 'Visitors', clearList: false });
  expect(['PROCESSING', 'COMPLETE'].includes(r.importStatus), `importStatus ${r.importStatus}`);
  return `importStatus=${r.importStatus} for 2 rows into Visitors`;
};

steps.getImportToListStatus = async () => {
  const r = await call('getImportToListStatus', { programName: 'Trade Show 2013', listName: 'Visitors' });
  expect(r.status === 'COMPLETE' && Number(r.rowsImported) === 2, `status ${r.status} rowsImported ${r.rowsImported}`);
  const lead = await call('getLead', { leadKey: leadKey('EMAIL', 'node-imp2@example.com') });
  expect(Number(lead.count) === 1 && attrs(items(lead.leadRecordList.leadRecord)[0]).FirstName === 'Ike', 'imported lead');
  return 'COMPLETE, rowsImported=2; the imported lead node-imp2@example.com has FirstName=Ike';
};

steps.getChannels = async () => {
  const r = await call('getChannels', { tag: { values: { stringItem: ['Webinar'] } } });
  const tags = items(r.tags && r.tags.tagStatus);
  expect(tags.length === 1 && tags[0].tagValue === 'Webinar', `channels ${JSON.stringify(tags)}`);
  const byName = {};
  for (const p of items(tags[0].statusList.progressionStatusItem)) {
    const s = named(p.progressionStatus.attrib);
    byName[s.Status] = s;
  }
  const names = Object.keys(byName).sort();
  expect(JSON.stringify(names) === JSON.stringify(['Attended', 'Invited', 'Registered']), `statuses ${JSON.stringify(names)}`);
  expect(byName.Attended.Success === 'true' && byName.Attended.Step === '70' && byName.Invited.Success === 'false',
    `Attended / Invited ${JSON.stringify(byName)}`);
  return `Webinar statuses ${names.join(', ')}, Attended (step 70) the success`;
};

steps.getTags = async () => {
  const r = await call('getTags', { tagList: { tag: [{ type: 'Region' }] } });
  const tags = items(r.tagList && r.tagList.tag);
  expect(tags.length === 1 && tags[0].type === 'Region', `tags ${JSON.stringify(tags)}`);
  const values = items(tags[0].values.stringItem);
  expect(JSON.stringify(values) === JSON.stringify(['EMEA', 'APAC', 'AMER']), `values ${JSON.stringify(values)}`);
  return `Region: ${values.join(', ')}`;
};

const coKeys = () => ({ attribute: [{ attrName: 'MKTOID', attrValue: String(state.id) }, { attrName: 'rid', attrValue: 'node1' }] });

steps.syncCustomObjects = async () => {
  const r = await call('syncCustomObjects', { objTypeName: 'RoadShow', customObjList: { customObj: [
    { customObjKeyList: coKeys(), customObjAttributeList: { attribute: [
      { attrName: 'city', attrValue: 'Oslo' }, { attrName: 'seats', attrValue: '12' }] } }] }, operation: 'UPSERT' });
  const st = items(r.syncCustomObjStatusList.syncCustomObjStatus);
  expect(st.length === 1 && st[0].status === 'CREATED' && st[0].objTypeName === 'RoadShow', `status ${JSON.stringify(st)}`);
  return `RoadShow (MKTOID ${state.id}, rid node1) CREATED`;
};

steps.getCustomObjects = async () => {
  const r = await call('getCustomObjects', { objTypeName: 'RoadShow',
    customObjKeyList: { attribute: [{ attrName: 'MKTOID', attrValue: String(state.id) }] },
    includeAttributes: { stringItem: ['city', 'seats'] } });
  expect(Number(r.returnCount) === 1, `returnCount ${r.returnCount}`);
  const obj = items(r.customObjList.customObj)[0];
  const keys = named(obj.customObjKeyList.attribute, 'attrName', 'attrValue');
  const fields = named(obj.customObjAttributeList.attribute, 'attrName', 'attrValue');
  expect(keys.rid === 'node1' && fields.city === 'Oslo' && fields.seats === '12',
    `keys ${JSON.stringify(keys)} fields ${JSON.stringify(fields)}`);
  return '1 RoadShow: rid=node1 city=Oslo seats=12';
};

steps.deleteCustomObjects = async () => {
  const r = await call('deleteCustomObjects', { objTypeName: 'RoadShow', customObjKeyLists: { keyList: [coKeys()] } });
  const st = items(r.deleteCustomObjStatusList.syncCustomObjStatus);
  expect(st.length === 1 && st[0].status === 'DELETED', `status ${JSON.stringify(st)}`);
  const left = await call('getCustomObjects', { objTypeName: 'RoadShow',
    customObjKeyList: { attribute: [{ attrName: 'MKTOID', attrValue: String(state.id) }] }, includeAttributes: {} });
  expect(Number(left.returnCount) === 0, `still there: ${left.returnCount}`);
  return 'DELETED; getCustomObjects then finds none';
};

steps.listMObjects = async () => {
  const r = await call('listMObjects', {});
  const objects = items(r.objects);
  expect(['ActivityRecord', 'LeadRecord', 'Opportunity', 'OpportunityPersonRole'].every((o) => objects.includes(o)),
    `objects ${JSON.stringify(objects)}`);
  return `objects ${objects.join(', ')}`;
};

steps.describeMObject = async () => {
  const r = await call('describeMObject', { objectName: 'Opportunity' });
  const md = r.metadata;
  const fields = items(md.fieldList && md.fieldList.field).map((f) => f.name);
  expect(md.name === 'Opportunity' && ['Name', 'Amount', 'Stage'].every((f) => fields.includes(f)),
    `${md.name} fields ${JSON.stringify(fields)}`);
  return `Opportunity with fields Name, Amount, Stage (${fields.length} fields)`;
};

steps.getMObjects = async () => {
  const r = await call('getMObjects', { type: 'Program' });
  const names = items(r.mObjectList && r.mObjectList.mObject).map((m) => named(m.attribList.attrib).Name);
  expect(['Spring Webinar', 'Trade Show 2013'].every((n) => names.includes(n)), `program names ${JSON.stringify(names)}`);
  return `Programs ${names.join(', ')}`;
};

steps.syncMObjects = async () => {
  const r = await call('syncMObjects', { mObjectList: { mObject: [{ type: 'Opportunity',
    attribList: { attrib: [{ name: 'Name', value: 'Node Deal' }, { name: 'Amount', value: '250' }] } }] }, operation: 'UPSERT' });
  const st = items(r.mObjStatusList.mObjStatus);
  expect(st.length === 1 && st[0].status === 'CREATED' && Number(st[0].id) > 0, `status ${JSON.stringify(st)}`);
  state.opp = Number(st[0].id);
  const got = items((await call('getMObjects', { type: 'Opportunity', id: state.opp })).mObjectList.mObject)[0];
  const name = named(got.attribList.attrib).Name;
  expect(name === 'Node Deal', `getMObjects by id: Name ${name}`);
  return `Opportunity ${state.opp} CREATED; getMObjects by id returns Name=Node Deal`;
};

steps.deleteMObjects = async () => {
  const r = await call('deleteMObjects', { mObjectList: { mObject: [{ type: 'Opportunity', id: state.opp }] } });
  const st = items(r.mObjStatusList.mObjStatus);
  expect(st.length === 1 && st[0].status === 'DELETED' && Number(st[0].id) === state.opp, `status ${JSON.stringify(st)}`);
  const left = await call('getMObjects', { type: 'Opportunity', id: state.opp });
  expect(!Number(left.returnCount), `still there: returnCount ${left.returnCount}`);
  return `Opportunity ${state.opp} DELETED; getMObjects by id then finds none`;
};

async function fault() {
  try {
    await call('getLead', { leadKey: leadKey('IDNUM', '999999') });
  } catch (e) {
    expect(faultCode(e) === '20103', `detail/serviceException/code ${faultCode(e)}`);
    return `getLead IDNUM 999999: detail/serviceException/code=20103 (${e.message})`;
  }
  throw new CheckFailed('getLead of an unknown lead did not fault');
}

async function main() {
  client = await soap.createClientAsync(`${endpoint}?WSDL`, { endpoint });
  // the WSDL's operations, as node-soap read them: describe() is service -> port -> operation
  const inWsdl = new Set();
  for (const service of Object.values(client.describe()))
    for (const port of Object.values(service))
      for (const op of Object.keys(port)) inWsdl.add(op);
  let passed = 0;
  let failed = 0;
  for (const op of [...inWsdl].sort()) {
    if (steps[op]) continue;
    if (newOps.includes(op)) {
      console.log(`SKIP ${op}: new to the WSDL ($MKTOWS_TEST_NEW_OPERATIONS)`);
    } else {
      console.log(`FAIL ${op}: in the WSDL, but this script has no call for it`);
      failed++;
    }
  }
  for (const [op, fn] of [...Object.entries(steps), ['fault', fault]]) {
    if (op !== 'fault' && !inWsdl.has(op)) {
      console.log(`FAIL ${op}: this script calls it, but the served WSDL has no such operation`);
      failed++;
      continue;
    }
    try {
      console.log(`PASS ${op}: ${await fn()}`);
      passed++;
    } catch (e) {
      if (e instanceof CheckFailed) console.log(`FAIL ${op}: ${e.message}`);
      else if (faultCode(e)) console.log(`FAIL ${op}: fault ${faultCode(e)} (${faultMessage(e)})`);
      else console.log(`FAIL ${op}: ${e.name}: ${e.message}`); // a client-side error fails this operation only
      failed++;
    }
  }
  console.log(`summary: ${passed} passed, ${failed} failed (${inWsdl.size} operations in the WSDL)`);
  return failed ? 1 : 0;
}

main().then((status) => { process.exitCode = status; },
  (e) => { console.log(`FAIL setup: ${e.stack || e}`); process.exitCode = 1; });
