"""syncLead through python3-zeep, driven only by the WSDL mktows-server serves at <endpoint>?WSDL.

Usage: MARKETO_SOAP_ENDPOINT=... MARKETO_USER_ID=... MARKETO_ENCRYPTION_KEY=... python3 sync_lead_zeep.py EMAIL [KEY]
Prints "status=<CREATED|UPDATED> leadId=<n> FirstName=<v>" on success, "fault=<code>" on a fault
(KEY overrides the encryption key, to provoke one).
"""
import datetime
import hashlib
import hmac
import os
import sys

import zeep
import zeep.exceptions

endpoint = os.environ["MARKETO_SOAP_ENDPOINT"]
user_id = os.environ["MARKETO_USER_ID"]
key = sys.argv[2] if len(sys.argv) > 2 else os.environ["MARKETO_ENCRYPTION_KEY"]
email = sys.argv[1]

client = zeep.Client(endpoint + "?WSDL")
timestamp = datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")
signature = hmac.new(key.encode(), (timestamp + user_id).encode(), hashlib.sha1).hexdigest()
auth = {"mktowsUserId": user_id, "requestSignature": signature, "requestTimestamp": timestamp}

try:
    result = client.service.syncLead(
        leadRecord={
            "Email": email,
            "leadAttributeList": {"attribute": [{"attrName": "FirstName", "attrValue": "Zeep"}]},
        },
        returnLead=True,
        _soapheaders={"authentication": auth},
    )
except zeep.exceptions.Fault as fault:
    code = fault.detail.find(".//code") if fault.detail is not None else None
    print("fault=%s" % (code.text if code is not None else "?"))
    sys.exit(0)

first = [a.attrValue for a in result.leadRecord.leadAttributeList.attribute if a.attrName == "FirstName"]
print("status=%s leadId=%d FirstName=%s" % (result.syncStatus.status, result.leadId, first[0] if first else ""))
