"""The code under test in docs/testing-with-the-server.md's pytest example, as server_interop_guide
runs it: fetch_lead(url, email) reads a lead with getLead through python3-zeep, from the WSDL the
server serves, signed as the helper's default user (test_user, test-key), and tries again when
Marketo refused the call with 20023 (rate limit). It prints each attempt, so the test can see that
the injected fault reached it."""
import datetime
import hashlib
import hmac

import zeep
import zeep.exceptions

USER, KEY = "test_user", "test-key"
NS = "{http://www.marketo.com/mktows/}"


def _auth():
    ts = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    sig = hmac.new(KEY.encode(), (ts + USER).encode(), hashlib.sha1).hexdigest()
    return {"authentication": {"mktowsUserId": USER, "requestSignature": sig, "requestTimestamp": ts}}


def fetch_lead(url, email, attempts=3):
    client = zeep.Client(url + "?WSDL")
    for attempt in range(1, attempts + 1):
        try:
            r = client.service.getLead(leadKey={"keyType": "EMAIL", "keyValue": email}, _soapheaders=_auth())
        except zeep.exceptions.Fault as f:
            code = f.detail.find(NS + "serviceException/code") if f.detail is not None else None
            code = code.text if code is not None else None
            print("fetch_lead: attempt %d: fault %s" % (attempt, code))
            if code != "20023":
                raise
            continue
        print("fetch_lead: attempt %d: ok" % attempt)
        rec = r.leadRecordList.leadRecord[0]
        return {"Id": rec.Id, "Email": rec.Email}
    raise RuntimeError("getLead refused %d times" % attempts)
