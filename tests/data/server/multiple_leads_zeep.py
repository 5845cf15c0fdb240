"""syncMultipleLeads, listOperation and getMultipleLeads with each leadSelector xsi:type, through
python3-zeep driven only by the WSDL mktows-server serves at <endpoint>?WSDL.

Usage: MARKETO_SOAP_ENDPOINT=... MARKETO_USER_ID=... MARKETO_ENCRYPTION_KEY=... python3 multiple_leads_zeep.py LIST
Prints "synced=3 keys=2 list=2 updated=3 changes=3" when the server does what the docs pages say.
"""
import datetime
import hashlib
import hmac
import os
import sys

import zeep

NS = "{http://www.marketo.com/mktows/}"
endpoint = os.environ["MARKETO_SOAP_ENDPOINT"]
user_id = os.environ["MARKETO_USER_ID"]
key = os.environ["MARKETO_ENCRYPTION_KEY"]
list_name = sys.argv[1]

client = zeep.Client(endpoint + "?WSDL")


def auth():
    ts = datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")
    sig = hmac.new(key.encode(), (ts + user_id).encode(), hashlib.sha1).hexdigest()
    return {"authentication": {"mktowsUserId": user_id, "requestSignature": sig, "requestTimestamp": ts}}


start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2)
emails = ["zeep-multi-%d@example.com" % i for i in range(3)]
synced = client.service.syncMultipleLeads(
    leadRecordList={"leadRecord": [{"Email": e} for e in emails]}, dedupEnabled=True, _soapheaders=auth())
# zeep unwraps the one-element result: synced is the ArrayOfSyncStatus
ids = [s.leadId for s in synced.syncStatus]

client.service.listOperation(
    listOperation="ADDTOLIST", listKey={"keyType": "MKTOLISTNAME", "keyValue": list_name},
    listMemberList={"leadKey": [{"keyType": "IDNUM", "keyValue": str(i)} for i in ids[:2]]}, strict=True,
    _soapheaders=auth())

key_sel = client.get_type(NS + "LeadKeySelector")(keyType="EMAIL", keyValues={"stringItem": emails[1:]})
by_keys = client.service.getMultipleLeads(leadSelector=key_sel, _soapheaders=auth())

list_sel = client.get_type(NS + "StaticListSelector")(staticListName=list_name)
by_list = client.service.getMultipleLeads(leadSelector=list_sel, _soapheaders=auth())

upd_sel = client.get_type(NS + "LastUpdateAtSelector")(oldestUpdatedAt=start)
by_time = client.service.getMultipleLeads(leadSelector=upd_sel, batchSize=1000, _soapheaders=auth())

changes = client.service.getLeadChanges(
    startPosition={"oldestCreatedAt": start}, activityNameFilter={"stringItem": ["New Lead"]},
    leadSelector=key_sel.__class__(keyType="IDNUM", keyValues={"stringItem": [str(i) for i in ids]}),
    _soapheaders=auth())

print("synced=%d keys=%d list=%d updated=%d changes=%d" % (
    len(ids), by_keys.returnCount, by_list.returnCount, by_time.returnCount, changes.returnCount))
