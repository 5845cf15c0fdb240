<?php
// Written for test_server_interop (not a page sample): PHP's SoapClient, built from the served
// ?WSDL, the way the getLeadActivity page drives it. The stream position's unset members are ""
// (PHP writes them as <latestCreatedAt></latestCreatedAt> and <offset></offset>), the page's own
// request. Then a fault
// read as PHP code reads it: $fault->detail->serviceException->code.
// Prints one line per result, "key=value", for the test to check.

$endpoint = getenv("MARKETO_SOAP_ENDPOINT");
$user     = getenv("MARKETO_USER_ID");
$key      = getenv("MARKETO_ENCRYPTION_KEY");
$ns       = "http://www.marketo.com/mktows/";

function auth_header($ns, $user, $key) {
  $now = (new DateTime('now', new DateTimeZone("America/Los_Angeles")))->format(DATE_W3C);
  $h = new stdClass();
  $h->mktowsUserId = $user;
  $h->requestSignature = hash_hmac('sha1', $now . $user, $key);
  $h->requestTimestamp = $now;
  return new SoapHeader($ns, 'AuthenticationHeader', $h);
}

$client = new SoapClient($endpoint . "?WSDL", array("location" => $endpoint, "trace" => true,
                                                     "connection_timeout" => 20));

// a lead with one activity (New Lead)
$lead = new stdClass();
$lead->Email = "php-activity@example.com";
$sync = $client->__soapCall('syncLead',
                            array("paramsSyncLead" => array("leadRecord" => $lead, "returnLead" => false)),
                            null, auth_header($ns, $user, $key));
print "leadId=" . $sync->result->leadId . "\n";

$position = new stdClass();
$position->latestCreatedAt = "";
$position->offset = "";
$params = array("leadKey" => array("keyType" => "EMAIL", "keyValue" => "php-activity@example.com"),
                "batchSize" => 10, "startPosition" => $position);
try {
  $r = $client->__soapCall('getLeadActivity', array("paramsGetLeadActivity" => $params), null,
                           auth_header($ns, $user, $key));
  $list = $r->leadActivityList;
  print "returnCount=" . $list->returnCount . "\n";
  $rec = $list->activityRecordList->activityRecord;
  if (is_array($rec))
    $rec = $rec[0];
  print "activityType=" . $rec->activityType . "\n";
  print "latestCreatedAt=" . $list->newStartPosition->latestCreatedAt . "\n";
  $sent = $client->__getLastRequest();
  print "emptyElementsSent=" . (strpos($sent, "<latestCreatedAt></latestCreatedAt><offset></offset>") !== false
                                ? "yes" : "no") . "\n";
} catch (SoapFault $f) {
  print "getLeadActivityFault=" . $f->getMessage() . "\n";
}

// a fault: a lead that does not exist
try {
  $client->__soapCall('getLead',
                      array("paramsGetLead" => array("leadKey" => array("keyType" => "IDNUM", "keyValue" => "999999"))),
                      null, auth_header($ns, $user, $key));
  print "getLeadFault=none\n";
} catch (SoapFault $f) {
  print "faultcode=" . $f->faultcode . "\n";
  print "detailCode=" . $f->detail->serviceException->code . "\n";
  print "detailName=" . $f->detail->serviceException->name . "\n";
}
?>
