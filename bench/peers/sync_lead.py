"""syncLead through zeep (python3-zeep), for bench/run: see bench/README.md.

    /usr/bin/python3 sync_lead.py once|rt|codec|batch [CALLS]

Environment: BENCH_URL (endpoint), BENCH_WSDL (the WSDL file), BENCH_DATA (folder of the canned
responses, for codec and batch), MARKETO_USER_ID, MARKETO_ENCRYPTION_KEY.
  once   one signed syncLead to BENCH_URL; prints "status=S leadId=N"
  rt     warm-up, then CALLS signed syncLead calls to BENCH_URL (requests, kept alive);
         prints "per_call_us=X"
  codec  the same through a transport that returns the canned response: encode + decode
  batch  syncMultipleLeads with 300 leads, canned 300-status response; prints the call's time
         and the request and response sizes
The request is bench/workload.c's; every call signs a fresh AuthenticationHeader (HMAC-SHA1 of
requestTimestamp + mktowsUserId).
"""
import datetime
import hashlib
import hmac
import os
import sys
import time

import requests
import zeep
import zeep.transports

BINDING = "{http://www.marketo.com/mktows/}MktowsApiSoapBinding"


class CannedTransport(zeep.transports.Transport):
    """Answers every POST with the same bytes, without a network."""

    def __init__(self, body):
        super().__init__()
        self.body = body
        self.request_bytes = 0

    def post(self, address, message, headers):
        self.request_bytes = len(message)
        response = requests.Response()
        response.status_code = 200
        response.headers["Content-Type"] = "text/xml; charset=utf-8"
        response.encoding = "utf-8"
        response._content = self.body
        return response


def auth_header(user, key):
    ts = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    sig = hmac.new(key.encode(), (ts + user).encode(), hashlib.sha1).hexdigest()
    return {"authentication": {"mktowsUserId": user, "requestSignature": sig, "requestTimestamp": ts}}


def sync_lead_params():
    return {
        "leadRecord": {
            "Email": "george@jungle.com",
            "leadAttributeList": {"attribute": [
                {"attrName": "FirstName", "attrValue": "George"},
                {"attrName": "LastName", "attrValue": "of the Jungle"},
            ]},
        },
        "returnLead": False,
    }


def batch_params():
    leads = []
    for n in range(1, 301):
        attrs = [("FirstName", "First%d" % n), ("LastName", "Last%d" % n), ("Company", "Company %d Ltd" % n),
                 ("Title", "Engineer"), ("Phone", "+1 555 %04d" % n), ("City", "Springfield"), ("State", "CA"),
                 ("Country", "USA")]
        leads.append({"Email": "lead%03d@example.com" % n,
                      "leadAttributeList": {"attribute": [{"attrName": a, "attrValue": v} for a, v in attrs]}})
    return {"leadRecordList": {"leadRecord": leads}, "dedupEnabled": True}


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    user, key = os.environ["MARKETO_USER_ID"], os.environ["MARKETO_ENCRYPTION_KEY"]
    data = os.environ.get("BENCH_DATA", "")
    canned = None
    if mode == "codec":
        canned = open(os.path.join(data, "sync_lead_response.xml"), "rb").read()
    elif mode == "batch":
        canned = open(os.path.join(data, "sync_multiple_leads_response.xml"), "rb").read()
    elif mode not in ("once", "rt"):
        sys.exit("usage: sync_lead.py once|rt|codec|batch [CALLS]")
    transport = CannedTransport(canned) if canned is not None else zeep.transports.Transport()
    client = zeep.Client(os.environ["BENCH_WSDL"], transport=transport)
    service = client.create_service(BINDING, os.environ["BENCH_URL"])

    if mode == "once":
        r = service.syncLead(**sync_lead_params(), _soapheaders=auth_header(user, key))
        print("status=%s leadId=%d" % (r.syncStatus.status, r.leadId))
        return

    if mode == "batch":
        params = batch_params()

        def call():
            r = service.syncMultipleLeads(**params, _soapheaders=auth_header(user, key))
            if len(r.syncStatus) != 300:
                raise RuntimeError("bad batch response")
    else:
        params = sync_lead_params()

        def call():
            r = service.syncLead(**params, _soapheaders=auth_header(user, key))
            if r.syncStatus.status != "UPDATED":
                raise RuntimeError("bad syncLead response")

    for _ in range(max(10, calls // 10)):
        call()
    t0 = time.perf_counter()
    for _ in range(calls):
        call()
    us = (time.perf_counter() - t0) * 1e6 / calls
    if mode == "batch":
        print("per_call_us=%.2f request_bytes=%d response_bytes=%d mb_per_s=%.2f"
              % (us, transport.request_bytes, len(canned), (transport.request_bytes + len(canned)) / us))
    else:
        print("per_call_us=%.3f" % us)


if __name__ == "__main__":
    main()
