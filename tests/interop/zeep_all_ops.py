"""Every operation of the WSDL through python3-zeep, a client we did not write, against mktows-server.

    MARKETO_SOAP_ENDPOINT=... MARKETO_USER_ID=... MARKETO_ENCRYPTION_KEY=... /usr/bin/python3 zeep_all_ops.py

The server must run with data/server/mktows-server.conf (its lists, campaigns, programs, channels,
tags, custom object type and fixtures). zeep builds the client from the served <endpoint>?WSDL; the
operations to call are the ones that WSDL's binding names, so one this script has no call for fails.
Each call signs a fresh AuthenticationHeader and its result's content is checked (the lead just
synced comes back with its email, ISMEMBEROFLIST is true after ADDTOLIST, ...).

Prints one line per operation, "PASS <op>: <what was checked>" or "FAIL <op>: <why>", then the
fault line "PASS fault: ..." (getLead of an unknown lead: detail/serviceException/code 20103), then
"summary: N passed, M failed"; exits 1 on any failure. Operations named in
$MKTOWS_TEST_NEW_OPERATIONS (the interface evolution suite's new ones) are "SKIP <op>".
tests/test_server_interop_all_ops.c runs it; docs/testing.md (The interop suites) says what each step checks.
"""
import datetime
import hashlib
import hmac
import os
import sys

import zeep
import zeep.exceptions

NS = "{http://www.marketo.com/mktows/}"
ENDPOINT = os.environ["MARKETO_SOAP_ENDPOINT"]
USER = os.environ["MARKETO_USER_ID"]
KEY = os.environ["MARKETO_ENCRYPTION_KEY"]
NEW_OPS = {o for o in os.environ.get("MKTOWS_TEST_NEW_OPERATIONS", "").split(",") if o}
EMAIL = "zeep-all@example.com"
EMAIL_WIN = "zeep-winner@example.com"
EMAIL_LOSE = "zeep-loser@example.com"

client = zeep.Client(ENDPOINT + "?WSDL")
state = {}


class CheckFailed(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise CheckFailed(what)


def auth():
    ts = datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")
    sig = hmac.new(KEY.encode(), (ts + USER).encode(), hashlib.sha1).hexdigest()
    return {"authentication": {"mktowsUserId": USER, "requestSignature": sig, "requestTimestamp": ts}}


def fault_code(f):
    """A Marketo fault's detail/serviceException/code."""
    code = f.detail.find(NS + "serviceException/code") if f.detail is not None else None
    return code.text if code is not None else None


def fault_message(f):
    msg = f.detail.find(NS + "serviceException/message") if f.detail is not None else None
    return msg.text if msg is not None else f.message


def call(op, **params):
    return getattr(client.service, op)(**params, _soapheaders=auth())


def wsdl_operations():
    ops = set()
    for service in client.wsdl.services.values():
        for port in service.ports.values():
            ops.update(port.binding._operations.keys())
    return ops


def attrs(record):
    """A lead record's attributes as a dict."""
    lst = record.leadAttributeList
    return {a.attrName: a.attrValue for a in (lst.attribute if lst is not None else [])}


def lead_id(email):
    r = call("getLead", leadKey={"keyType": "EMAIL", "keyValue": email})
    return r.leadRecordList.leadRecord[0].Id


# ---- one function per operation, in the order they run ----

def sync_lead():
    r = call("syncLead", leadRecord={
        "Email": EMAIL,
        "leadAttributeList": {"attribute": [{"attrName": "FirstName", "attrValue": "Zoe"},
                                            {"attrName": "LastName", "attrValue": "Zeep"}]}},
        returnLead=True)
    expect(r.syncStatus.status == "CREATED", "status %s, not CREATED" % r.syncStatus.status)
    expect(r.leadRecord is not None and r.leadRecord.Email == EMAIL, "leadRecord does not carry the email")
    state["id"] = r.leadId
    return "CREATED lead %d, leadRecord.Email=%s" % (r.leadId, r.leadRecord.Email)


def get_lead():
    r = call("getLead", leadKey={"keyType": "EMAIL", "keyValue": EMAIL})
    expect(r.count == 1, "count %s" % r.count)
    rec = r.leadRecordList.leadRecord[0]
    a = attrs(rec)
    expect(rec.Id == state["id"] and rec.Email == EMAIL, "lead %s %s" % (rec.Id, rec.Email))
    expect(a.get("FirstName") == "Zoe" and a.get("LastName") == "Zeep", "attributes %s" % a)
    return "lead %d Email=%s FirstName=%s" % (rec.Id, rec.Email, a["FirstName"])


def sync_multiple_leads():
    r = call("syncMultipleLeads", leadRecordList={"leadRecord": [
        {"Email": EMAIL_WIN, "leadAttributeList": {"attribute": [{"attrName": "Company", "attrValue": "Winner Inc."}]}},
        {"Email": EMAIL_LOSE, "leadAttributeList": {"attribute": [{"attrName": "Title", "attrValue": "Loser"}]}}]},
        dedupEnabled=True)
    st = r.syncStatus
    expect(len(st) == 2 and all(s.status == "CREATED" for s in st), "statuses %s" % [s.status for s in st])
    state["win"], state["lose"] = st[0].leadId, st[1].leadId
    return "2 leads CREATED (%d, %d)" % (state["win"], state["lose"])


def get_multiple_leads():
    sel = client.get_type(NS + "LeadKeySelector")(keyType="EMAIL", keyValues={"stringItem": [EMAIL_WIN, EMAIL_LOSE]})
    r = call("getMultipleLeads", leadSelector=sel, batchSize=10, includeAttributes={"stringItem": ["Company"]})
    emails = sorted(rec.Email for rec in r.leadRecordList.leadRecord)
    expect(r.returnCount == 2 and emails == sorted([EMAIL_WIN, EMAIL_LOSE]), "returned %s" % emails)
    won = [rec for rec in r.leadRecordList.leadRecord if rec.Email == EMAIL_WIN][0]
    expect(attrs(won).get("Company") == "Winner Inc.", "Company %s" % attrs(won))
    return "LeadKeySelector returned %s, Company=Winner Inc." % ", ".join(emails)


def list_operation():
    key = {"keyType": "MKTOLISTNAME", "keyValue": "Newsletter"}
    members = {"leadKey": [{"keyType": "IDNUM", "keyValue": str(state["id"])}]}
    before = call("listOperation", listOperation="ISMEMBEROFLIST", listKey=key, listMemberList=members)
    expect(before.statusList.leadStatus[0].status is False, "a member before ADDTOLIST")
    added = call("listOperation", listOperation="ADDTOLIST", listKey=key, listMemberList=members, strict=True)
    expect(added.success is True, "ADDTOLIST success %s" % added.success)
    after = call("listOperation", listOperation="ISMEMBEROFLIST", listKey=key, listMemberList=members)
    expect(after.statusList.leadStatus[0].status is True, "not a member after ADDTOLIST")
    return "ISMEMBEROFLIST Newsletter false, ADDTOLIST success, then ISMEMBEROFLIST true"


def get_lead_activity():
    r = call("getLeadActivity", leadKey={"keyType": "IDNUM", "keyValue": str(state["id"])}, batchSize=10)
    types = [a.activityType for a in r.activityRecordList.activityRecord]
    expect("New Lead" in types and "Add to List" in types, "activity types %s" % types)
    added = [a for a in r.activityRecordList.activityRecord if a.activityType == "Add to List"][0]
    expect(added.mktgAssetName == "Newsletter", "Add to List asset %s" % added.mktgAssetName)
    return "returnCount=%d with New Lead and Add to List (Newsletter)" % r.returnCount


def get_lead_changes():
    since = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
    sel = client.get_type(NS + "LeadKeySelector")(keyType="IDNUM", keyValues={"stringItem": [
        str(state["id"]), str(state["win"]), str(state["lose"])]})
    r = call("getLeadChanges", startPosition={"oldestCreatedAt": since},
             activityNameFilter={"stringItem": ["New Lead"]}, leadSelector=sel, batchSize=100)
    people = sorted(int(c.mktPersonId) for c in r.leadChangeRecordList.leadChangeRecord)
    want = sorted([state["id"], state["win"], state["lose"]])
    expect(r.returnCount == 3 and people == want, "New Lead changes for %s, not %s" % (people, want))
    return "3 New Lead changes for leads %s" % people


def merge_leads():
    r = call("mergeLeads",
             winningLeadKeyList={"attribute": [{"attrName": "IDNUM", "attrValue": str(state["win"])}]},
             losingLeadKeyLists={"keyList": [{"attribute": [{"attrName": "IDNUM", "attrValue": str(state["lose"])}]}]})
    ms = r  # zeep unwraps a type of one element: the result's only member, mergeStatus
    expect(ms.status == "MERGED" and ms.winningLeadId == state["win"], "status %s winner %s" % (ms.status, ms.winningLeadId))
    expect(list(ms.losingLeadIdList.integerItem) == [state["lose"]], "losers %s" % ms.losingLeadIdList)
    try:
        call("getLead", leadKey={"keyType": "EMAIL", "keyValue": EMAIL_LOSE})
        raise CheckFailed("the losing lead is still there")
    except zeep.exceptions.Fault as f:
        expect(fault_code(f) == "20103", "getLead of the loser: fault %s, not 20103" % fault_code(f))
    won = call("getLead", leadKey={"keyType": "IDNUM", "keyValue": str(state["win"])}).leadRecordList.leadRecord[0]
    expect(attrs(won).get("Title") == "Loser", "the winner did not take the loser's Title: %s" % attrs(won))
    return "MERGED %d into %d; the winner has the loser's Title, getLead of the loser's email faults 20103" % (
        state["lose"], state["win"])


def get_campaigns_for_source():
    r = call("getCampaignsForSource", source="MKTOWS")
    names = [c.name for c in r.campaignRecordList.campaignRecord]
    expect(r.returnCount == len(names) and {"Send Invitation", "Welcome", "Nurture"} <= set(names), "campaigns %s" % names)
    one = call("getCampaignsForSource", source="MKTOWS", name="Welcome", exactName=True)
    expect(one.returnCount == 1 and one.campaignRecordList.campaignRecord[0].name == "Welcome", "by name")
    return "MKTOWS campaigns %s; exactName Welcome finds one" % names


def request_campaign():
    r = call("requestCampaign", source="MKTOWS", leadList={"leadKey": [{"keyType": "IDNUM", "keyValue": str(state["id"])}]},
             programName="Trade Show 2013", campaignName="Welcome",
             programTokenList={"attrib": [{"name": "{{my.message}}", "value": "Hello"}]})
    expect(r is True, "success %s" % r)  # zeep unwraps result/success
    act = call("getLeadActivity", leadKey={"keyType": "IDNUM", "keyValue": str(state["id"])},
               activityFilter={"includeTypes": {"activityType": ["RequestCampaign"]}})
    expect(act.returnCount == 1, "Request Campaign activities: %s" % act.returnCount)
    rec = act.activityRecordList.activityRecord[0]
    tokens = {a.attrName: a.attrValue for a in rec.activityAttributes.attribute}
    expect(rec.activityType == "Request Campaign" and rec.campaign == "Welcome"
           and tokens.get("{{my.message}}") == "Hello", "activity %s %s %s" % (rec.activityType, rec.campaign, tokens))
    return "success=true; the lead's Request Campaign activity names Welcome and carries {{my.message}}=Hello"


def schedule_campaign():
    at = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    r = call("scheduleCampaign", programName="Trade Show 2013", campaignName="Nurture", campaignRunAt=at,
             programTokenList={"attrib": [{"name": "{{my.subject}}", "value": "See you"}]})
    expect(r is True, "success %s" % r)
    return "success=true for Nurture an hour from now"


def import_to_list():
    r = call("importToList", programName="Trade Show 2013", importFileHeader="Email Address,First Name",
             importFileRows={"stringItem": ["zeep-imp1@example.com,Ivy", "zeep-imp2@example.com,Ike"]},
             importListMode="UPSERTLEADS", listName="Visitors", clearList=False)
    expect(r in ("PROCESSING", "COMPLETE"), "importStatus %s" % r)  # zeep unwraps result/importStatus
    return "importStatus=%s for 2 rows into Visitors" % r


def get_import_to_list_status():
    r = call("getImportToListStatus", programName="Trade Show 2013", listName="Visitors")
    expect(r.status == "COMPLETE" and r.rowsImported == 2, "status %s rowsImported %s" % (r.status, r.rowsImported))
    lead = call("getLead", leadKey={"keyType": "EMAIL", "keyValue": "zeep-imp2@example.com"})
    expect(lead.count == 1 and attrs(lead.leadRecordList.leadRecord[0]).get("FirstName") == "Ike", "imported lead")
    return "COMPLETE, rowsImported=2; the imported lead zeep-imp2@example.com has FirstName=Ike"


def get_channels():
    r = call("getChannels", tag={"values": {"stringItem": ["Webinar"]}})
    tags = r.tagStatus  # result/tags, unwrapped
    expect(len(tags) == 1 and tags[0].tagValue == "Webinar", "channels %s" % [t.tagValue for t in tags])
    statuses = [{a.name: a.value for a in p.progressionStatus.attrib} for p in tags[0].statusList.progressionStatusItem]
    by_name = {s.get("Status"): s for s in statuses}
    expect(sorted(by_name) == ["Attended", "Invited", "Registered"], "statuses %s" % list(by_name))
    expect(by_name["Attended"].get("Success") == "true" and by_name["Attended"].get("Step") == "70"
           and by_name["Invited"].get("Success") == "false", "Attended / Invited: %s" % statuses)
    return "Webinar statuses %s, Attended (step 70) the success" % sorted(by_name)


def get_tags():
    r = call("getTags", tagList={"tag": [{"type": "Region"}]})
    tags = r.tag
    expect(len(tags) == 1 and tags[0].type == "Region", "tags %s" % [t.type for t in tags])
    values = list(tags[0].values.stringItem)
    expect(values == ["EMEA", "APAC", "AMER"], "values %s" % values)
    return "Region: %s" % values


def co_keys():
    return {"attribute": [{"attrName": "MKTOID", "attrValue": str(state["id"])}, {"attrName": "rid", "attrValue": "zeep1"}]}


def sync_custom_objects():
    r = call("syncCustomObjects", objTypeName="RoadShow", operation="UPSERT", customObjList={"customObj": [
        {"customObjKeyList": co_keys(),
         "customObjAttributeList": {"attribute": [{"attrName": "city", "attrValue": "Zurich"},
                                                  {"attrName": "seats", "attrValue": "12"}]}}]})
    st = r.syncCustomObjStatus  # result/syncCustomObjStatusList, unwrapped
    expect(len(st) == 1 and st[0].status == "CREATED" and st[0].objTypeName == "RoadShow", "status %s" % st[0].status)
    return "RoadShow (MKTOID %d, rid zeep1) CREATED" % state["id"]


def get_custom_objects():
    r = call("getCustomObjects", objTypeName="RoadShow", includeAttributes={"stringItem": ["city", "seats"]},
             customObjKeyList={"attribute": [{"attrName": "MKTOID", "attrValue": str(state["id"])}]})
    expect(r.returnCount == 1, "returnCount %s" % r.returnCount)
    obj = r.customObjList.customObj[0]
    fields = {a.attrName: a.attrValue for a in obj.customObjAttributeList.attribute}
    keys = {a.attrName: a.attrValue for a in obj.customObjKeyList.attribute}
    expect(keys.get("rid") == "zeep1" and fields.get("city") == "Zurich" and fields.get("seats") == "12",
           "keys %s fields %s" % (keys, fields))
    return "1 RoadShow: rid=zeep1 city=Zurich seats=12"


def delete_custom_objects():
    r = call("deleteCustomObjects", objTypeName="RoadShow", customObjKeyLists={"keyList": [co_keys()]})
    st = r.syncCustomObjStatus  # result/deleteCustomObjStatusList, unwrapped
    expect(len(st) == 1 and st[0].status == "DELETED", "status %s" % [s.status for s in st])
    left = call("getCustomObjects", objTypeName="RoadShow", includeAttributes={"stringItem": []},
                customObjKeyList={"attribute": [{"attrName": "MKTOID", "attrValue": str(state["id"])}]})
    expect(left.returnCount == 0, "still there: %s" % left.returnCount)
    return "DELETED; getCustomObjects then finds none"


def list_mobjects():
    r = call("listMObjects")
    objects = list(r)  # result/objects, unwrapped
    expect({"ActivityRecord", "LeadRecord", "Opportunity", "OpportunityPersonRole"} <= set(objects), "objects %s" % objects)
    return "objects %s" % objects


def describe_mobject():
    r = call("describeMObject", objectName="Opportunity")
    md = r  # result/metadata, unwrapped
    fields = [f.name for f in md.fieldList.field]
    expect(md.name == "Opportunity" and {"Name", "Amount", "Stage"} <= set(fields), "%s fields %s" % (md.name, fields))
    return "Opportunity with fields Name, Amount, Stage (%d fields)" % len(fields)


def get_mobjects():
    r = call("getMObjects", type="Program")
    names = [{a.name: a.value for a in m.attribList.attrib}.get("Name") for m in r.mObjectList.mObject]
    expect({"Spring Webinar", "Trade Show 2013"} <= set(names), "program names %s" % names)
    return "Programs %s" % names


def sync_mobjects():
    r = call("syncMObjects", operation="UPSERT", mObjectList={"mObject": [
        {"type": "Opportunity", "attribList": {"attrib": [{"name": "Name", "value": "Zeep Deal"},
                                                          {"name": "Amount", "value": "250"}]}}]})
    st = r.mObjStatus  # result/mObjStatusList, unwrapped
    expect(len(st) == 1 and st[0].status == "CREATED" and st[0].id, "status %s" % [s.status for s in st])
    state["opp"] = st[0].id
    got = call("getMObjects", type="Opportunity", id=state["opp"]).mObjectList.mObject[0]
    name = {a.name: a.value for a in got.attribList.attrib}.get("Name")
    expect(name == "Zeep Deal", "getMObjects by id: Name %s" % name)
    return "Opportunity %d CREATED; getMObjects by id returns Name=Zeep Deal" % state["opp"]


def delete_mobjects():
    r = call("deleteMObjects", mObjectList={"mObject": [{"type": "Opportunity", "id": state["opp"]}]})
    st = r.mObjStatus
    expect(len(st) == 1 and st[0].status == "DELETED" and st[0].id == state["opp"], "status %s" % [s.status for s in st])
    left = call("getMObjects", type="Opportunity", id=state["opp"])
    expect(not left.returnCount, "still there: returnCount %s" % left.returnCount)
    return "Opportunity %d DELETED; getMObjects by id then finds none" % state["opp"]


STEPS = [
    ("syncLead", sync_lead), ("getLead", get_lead), ("syncMultipleLeads", sync_multiple_leads),
    ("getMultipleLeads", get_multiple_leads), ("listOperation", list_operation),
    ("getLeadActivity", get_lead_activity), ("getLeadChanges", get_lead_changes), ("mergeLeads", merge_leads),
    ("getCampaignsForSource", get_campaigns_for_source), ("requestCampaign", request_campaign),
    ("scheduleCampaign", schedule_campaign), ("importToList", import_to_list),
    ("getImportToListStatus", get_import_to_list_status), ("getChannels", get_channels), ("getTags", get_tags),
    ("syncCustomObjects", sync_custom_objects), ("getCustomObjects", get_custom_objects),
    ("deleteCustomObjects", delete_custom_objects), ("listMObjects", list_mobjects),
    ("describeMObject", describe_mobject), ("getMObjects", get_mobjects), ("syncMObjects", sync_mobjects),
    ("deleteMObjects", delete_mobjects),
]


def fault_detail():
    try:
        call("getLead", leadKey={"keyType": "IDNUM", "keyValue": "999999"})
    except zeep.exceptions.Fault as f:
        expect(fault_code(f) == "20103", "detail/serviceException/code %s" % fault_code(f))
        return "getLead IDNUM 999999: detail/serviceException/code=20103 (%s)" % f.message
    raise CheckFailed("getLead of an unknown lead did not fault")


def main():
    in_wsdl = wsdl_operations()
    scripted = [op for op, _ in STEPS]
    passed = failed = 0
    for op in sorted(in_wsdl - set(scripted)):
        if op in NEW_OPS:
            print("SKIP %s: new to the WSDL ($MKTOWS_TEST_NEW_OPERATIONS)" % op)
        else:
            print("FAIL %s: in the WSDL, but this script has no call for it" % op)
            failed += 1
    for op, fn in STEPS + [("fault", fault_detail)]:
        if op != "fault" and op not in in_wsdl:
            print("FAIL %s: this script calls it, but the served WSDL has no such operation" % op)
            failed += 1
            continue
        try:
            print("PASS %s: %s" % (op, fn()))
            passed += 1
        except CheckFailed as e:
            print("FAIL %s: %s" % (op, e))
            failed += 1
        except zeep.exceptions.Fault as f:
            print("FAIL %s: fault %s (%s)" % (op, fault_code(f), fault_message(f)))
            failed += 1
        except Exception as e:  # a client-side error is a failure of this operation, not of the run
            print("FAIL %s: %s: %s" % (op, type(e).__name__, e))
            failed += 1
        sys.stdout.flush()
    print("summary: %d passed, %d failed (%d operations in the WSDL)" % (passed, failed, len(in_wsdl)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
