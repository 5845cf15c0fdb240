<?php
// Every operation of the WSDL through PHP's SoapClient (php8.2-soap), a client we did not write,
// against mktows-server.
//
//   MARKETO_SOAP_ENDPOINT=... MARKETO_USER_ID=... MARKETO_ENCRYPTION_KEY=... php php_all_ops.php
//
// The server must run with data/server/mktows-server.conf (its lists, campaigns, programs,
// channels, tags, custom object type and fixtures). SoapClient is built from the served
// <endpoint>?WSDL in WSDL mode, with its default options (no SOAP_SINGLE_ELEMENT_ARRAYS: a list
// of one comes back as the item, as PHP code written for Marketo got it). The operations to call
// are those __getFunctions() lists from that WSDL, so one this script has no call for fails.
// Each call signs a fresh AuthenticationHeader as the syncLead page's PHP sample does, and its
// result's content is checked.
//
// Prints one line per operation, "PASS <op>: <what was checked>" or "FAIL <op>: <why>", then the
// fault line (getLead of an unknown lead: $fault->detail->serviceException->code 20103), then
// "summary: N passed, M failed"; exits 1 on any failure. Operations named in
// $MKTOWS_TEST_NEW_OPERATIONS (the interface evolution suite's new ones) are "SKIP <op>".
// tests/test_server_interop_all_ops.c runs it; docs/testing.md (The interop suites) says what each step checks.

const NS = "http://www.marketo.com/mktows/";
const EMAIL = "php-all@example.com";
const EMAIL_WIN = "php-winner@example.com";
const EMAIL_LOSE = "php-loser@example.com";

$endpoint = getenv("MARKETO_SOAP_ENDPOINT");
$user = getenv("MARKETO_USER_ID");
$key = getenv("MARKETO_ENCRYPTION_KEY");
$new_ops = array_filter(explode(",", (string)getenv("MKTOWS_TEST_NEW_OPERATIONS")));

$client = new SoapClient($endpoint . "?WSDL", ["location" => $endpoint, "connection_timeout" => 20,
                                               "cache_wsdl" => WSDL_CACHE_NONE, "exceptions" => true]);
$state = [];

class CheckFailed extends Exception {}

function expect($cond, string $what): void
{
    if (!$cond)
        throw new CheckFailed($what);
}

function auth_header(): SoapHeader
{
    global $user, $key;
    $ts = (new DateTime("now", new DateTimeZone("America/Los_Angeles")))->format(DATE_W3C);
    $h = new stdClass();
    $h->mktowsUserId = $user;
    $h->requestSignature = hash_hmac("sha1", $ts . $user, $key);
    $h->requestTimestamp = $ts;
    return new SoapHeader(NS, "AuthenticationHeader", $h);
}

// One call: the operation's request element is params<Op>; returns the response's result.
function call(string $op, array $params)
{
    global $client;
    $r = $client->__soapCall($op, ["params" . ucfirst($op) => $params], null, auth_header());
    return $op === "getLeadActivity" ? $r->leadActivityList : $r->result;
}

// A repeated element as a list: SoapClient gives one item as the item itself, none as nothing.
function items($v): array
{
    if ($v === null)
        return [];
    return is_array($v) ? $v : [$v];
}

function attrs($record): array
{
    $out = [];
    foreach (items($record->leadAttributeList->attribute ?? null) as $a)
        $out[$a->attrName] = $a->attrValue ?? null;
    return $out;
}

function named($list, string $nameField = "name", string $valueField = "value"): array
{
    $out = [];
    foreach (items($list) as $a)
        $out[$a->$nameField] = $a->$valueField ?? null;
    return $out;
}

function fault_code(SoapFault $f): ?string
{
    return isset($f->detail->serviceException->code) ? (string)$f->detail->serviceException->code : null;
}

function key_selector(string $type, array $values): SoapVar
{
    $s = new stdClass();
    $s->keyType = $type;
    $s->keyValues = ["stringItem" => $values];
    return new SoapVar($s, SOAP_ENC_OBJECT, "LeadKeySelector", NS);
}

function lead_key(string $type, $value): array
{
    return ["keyType" => $type, "keyValue" => (string)$value];
}

// ---- one function per operation, in the order they run ----

$steps = [];

$steps["syncLead"] = function () use (&$state) {
    $r = call("syncLead", ["leadRecord" => ["Email" => EMAIL, "leadAttributeList" => ["attribute" => [
        ["attrName" => "FirstName", "attrValue" => "Phoebe"], ["attrName" => "LastName", "attrValue" => "Php"]]]],
        "returnLead" => true]);
    expect($r->syncStatus->status === "CREATED", "status {$r->syncStatus->status}, not CREATED");
    expect(($r->leadRecord->Email ?? null) === EMAIL, "leadRecord does not carry the email");
    $state["id"] = $r->leadId;
    return "CREATED lead {$r->leadId}, leadRecord.Email=" . $r->leadRecord->Email;
};

$steps["getLead"] = function () use (&$state) {
    $r = call("getLead", ["leadKey" => lead_key("EMAIL", EMAIL)]);
    expect($r->count === 1, "count {$r->count}");
    $rec = items($r->leadRecordList->leadRecord)[0];
    $a = attrs($rec);
    expect($rec->Id === $state["id"] && $rec->Email === EMAIL, "lead {$rec->Id} {$rec->Email}");
    expect(($a["FirstName"] ?? null) === "Phoebe" && ($a["LastName"] ?? null) === "Php", "attributes " . json_encode($a));
    return "lead {$rec->Id} Email={$rec->Email} FirstName={$a['FirstName']}";
};

$steps["syncMultipleLeads"] = function () use (&$state) {
    $r = call("syncMultipleLeads", ["leadRecordList" => ["leadRecord" => [
        ["Email" => EMAIL_WIN, "leadAttributeList" => ["attribute" => [["attrName" => "Company", "attrValue" => "Winner Inc."]]]],
        ["Email" => EMAIL_LOSE, "leadAttributeList" => ["attribute" => [["attrName" => "Title", "attrValue" => "Loser"]]]]]],
        "dedupEnabled" => true]);
    $st = items($r->syncStatusList->syncStatus);
    expect(count($st) === 2 && $st[0]->status === "CREATED" && $st[1]->status === "CREATED",
           "statuses " . json_encode($st));
    $state["win"] = $st[0]->leadId;
    $state["lose"] = $st[1]->leadId;
    return "2 leads CREATED ({$state['win']}, {$state['lose']})";
};

$steps["getMultipleLeads"] = function () use (&$state) {
    $r = call("getMultipleLeads", ["leadSelector" => key_selector("EMAIL", [EMAIL_WIN, EMAIL_LOSE]),
                                   "batchSize" => 10, "includeAttributes" => ["stringItem" => ["Company"]]]);
    $recs = items($r->leadRecordList->leadRecord ?? null);
    $emails = array_map(fn($x) => $x->Email, $recs);
    sort($emails);
    expect($r->returnCount === 2 && $emails === [EMAIL_LOSE, EMAIL_WIN], "returned " . json_encode($emails));
    foreach ($recs as $x)
        if ($x->Email === EMAIL_WIN)
            expect((attrs($x)["Company"] ?? null) === "Winner Inc.", "Company " . json_encode(attrs($x)));
    return "LeadKeySelector (SoapVar xsi:type) returned " . implode(", ", $emails) . ", Company=Winner Inc.";
};

$steps["listOperation"] = function () use (&$state) {
    $p = ["listKey" => ["keyType" => "MKTOLISTNAME", "keyValue" => "Newsletter"],
          "listMemberList" => ["leadKey" => [lead_key("IDNUM", $state["id"])]]];
    $before = call("listOperation", ["listOperation" => "ISMEMBEROFLIST"] + $p);
    expect(items($before->statusList->leadStatus)[0]->status === false, "a member before ADDTOLIST");
    $added = call("listOperation", ["listOperation" => "ADDTOLIST"] + $p + ["strict" => true]);
    expect($added->success === true, "ADDTOLIST success " . json_encode($added->success));
    $after = call("listOperation", ["listOperation" => "ISMEMBEROFLIST"] + $p);
    expect(items($after->statusList->leadStatus)[0]->status === true, "not a member after ADDTOLIST");
    return "ISMEMBEROFLIST Newsletter false, ADDTOLIST success, then ISMEMBEROFLIST true";
};

$steps["getLeadActivity"] = function () use (&$state) {
    $r = call("getLeadActivity", ["leadKey" => lead_key("IDNUM", $state["id"]), "batchSize" => 10]);
    $recs = items($r->activityRecordList->activityRecord ?? null);
    $types = array_map(fn($x) => $x->activityType, $recs);
    expect(in_array("New Lead", $types, true) && in_array("Add to List", $types, true), "types " . json_encode($types));
    foreach ($recs as $x)
        if ($x->activityType === "Add to List")
            expect($x->mktgAssetName === "Newsletter", "Add to List asset {$x->mktgAssetName}");
    return "returnCount={$r->returnCount} with New Lead and Add to List (Newsletter)";
};

$steps["getLeadChanges"] = function () use (&$state) {
    $since = (new DateTime("-1 hour"))->format(DATE_W3C);
    $want = [$state["id"], $state["win"], $state["lose"]];
    $r = call("getLeadChanges", ["startPosition" => ["oldestCreatedAt" => $since],
                                 "activityNameFilter" => ["stringItem" => ["New Lead"]], "batchSize" => 100,
                                 "leadSelector" => key_selector("IDNUM", array_map("strval", $want))]);
    $people = array_map(fn($c) => (int)$c->mktPersonId, items($r->leadChangeRecordList->leadChangeRecord ?? null));
    sort($people);
    sort($want);
    expect($r->returnCount === 3 && $people === $want, "New Lead changes for " . json_encode($people));
    return "3 New Lead changes for leads " . implode(", ", $people);
};

$steps["mergeLeads"] = function () use (&$state) {
    $r = call("mergeLeads", [
        "winningLeadKeyList" => ["attribute" => [["attrName" => "IDNUM", "attrValue" => (string)$state["win"]]]],
        "losingLeadKeyLists" => ["keyList" => [["attribute" => [["attrName" => "IDNUM", "attrValue" => (string)$state["lose"]]]]]]]);
    $ms = $r->mergeStatus;
    expect($ms->status === "MERGED" && $ms->winningLeadId === $state["win"], "status {$ms->status} winner {$ms->winningLeadId}");
    expect(items($ms->losingLeadIdList->integerItem) === [$state["lose"]], "losers " . json_encode($ms->losingLeadIdList));
    try {
        call("getLead", ["leadKey" => lead_key("EMAIL", EMAIL_LOSE)]);
        throw new CheckFailed("the losing lead is still there");
    } catch (SoapFault $f) {
        expect(fault_code($f) === "20103", "getLead of the loser: fault " . fault_code($f) . ", not 20103");
    }
    $won = items(call("getLead", ["leadKey" => lead_key("IDNUM", $state["win"])])->leadRecordList->leadRecord)[0];
    expect((attrs($won)["Title"] ?? null) === "Loser", "the winner did not take the loser's Title");
    return "MERGED {$state['lose']} into {$state['win']}; the winner has the loser's Title, getLead of the loser's email faults 20103";
};

$steps["getCampaignsForSource"] = function () {
    $r = call("getCampaignsForSource", ["source" => "MKTOWS"]);
    $names = array_map(fn($c) => $c->name, items($r->campaignRecordList->campaignRecord ?? null));
    expect($r->returnCount === count($names) && !array_diff(["Send Invitation", "Welcome", "Nurture"], $names),
           "campaigns " . json_encode($names));
    $one = call("getCampaignsForSource", ["source" => "MKTOWS", "name" => "Welcome", "exactName" => true]);
    expect($one->returnCount === 1 && items($one->campaignRecordList->campaignRecord)[0]->name === "Welcome", "by name");
    return "MKTOWS campaigns " . json_encode($names) . "; exactName Welcome finds one";
};

$steps["requestCampaign"] = function () use (&$state) {
    $r = call("requestCampaign", ["source" => "MKTOWS", "leadList" => ["leadKey" => [lead_key("IDNUM", $state["id"])]],
                                  "programName" => "Trade Show 2013", "campaignName" => "Welcome",
                                  "programTokenList" => ["attrib" => [["name" => "{{my.message}}", "value" => "Hello"]]]]);
    expect($r->success === true, "success " . json_encode($r->success));
    $act = call("getLeadActivity", ["leadKey" => lead_key("IDNUM", $state["id"]),
                                    "activityFilter" => ["includeTypes" => ["activityType" => ["RequestCampaign"]]]]);
    expect($act->returnCount === 1, "Request Campaign activities: {$act->returnCount}");
    $rec = items($act->activityRecordList->activityRecord)[0];
    $tokens = named($rec->activityAttributes->attribute ?? null, "attrName", "attrValue");
    expect($rec->activityType === "Request Campaign" && $rec->campaign === "Welcome"
           && ($tokens["{{my.message}}"] ?? null) === "Hello", "activity " . json_encode($rec));
    return "success=true; the lead's Request Campaign activity names Welcome and carries {{my.message}}=Hello";
};

$steps["scheduleCampaign"] = function () {
    $r = call("scheduleCampaign", ["programName" => "Trade Show 2013", "campaignName" => "Nurture",
                                   "campaignRunAt" => (new DateTime("+1 hour"))->format(DATE_W3C),
                                   "programTokenList" => ["attrib" => [["name" => "{{my.subject}}", "value" => "See you"]]]]);
    expect($r->success === true, "success " . json_encode($r->success));
    return "success=true for Nurture an hour from now";
};

$steps["importToList"] = function () {
    $r = call("importToList", ["programName" => "Trade Show 2013", "importFileHeader" => "Email Address,First Name",
                               "importFileRows" => ["stringItem" => ["php-imp1@example.com,Ivy", "php-imp2@example.com,Ike"]],
                               "importListMode" => "UPSERTLEADS", "listName" => "Visitors", "clearList" => false]);
    expect(in_array($r->importStatus, ["PROCESSING", "COMPLETE"], true), "importStatus {$r->importStatus}");
    return "importStatus={$r->importStatus} for 2 rows into Visitors";
};

$steps["getImportToListStatus"] = function () {
    $r = call("getImportToListStatus", ["programName" => "Trade Show 2013", "listName" => "Visitors"]);
    expect($r->status === "COMPLETE" && $r->rowsImported === 2, "status {$r->status} rowsImported {$r->rowsImported}");
    $lead = call("getLead", ["leadKey" => lead_key("EMAIL", "php-imp2@example.com")]);
    expect($lead->count === 1 && (attrs(items($lead->leadRecordList->leadRecord)[0])["FirstName"] ?? null) === "Ike",
           "imported lead");
    return "COMPLETE, rowsImported=2; the imported lead php-imp2@example.com has FirstName=Ike";
};

$steps["getChannels"] = function () {
    $r = call("getChannels", ["tag" => ["values" => ["stringItem" => ["Webinar"]]]]);
    $tags = items($r->tags->tagStatus ?? null);
    expect(count($tags) === 1 && $tags[0]->tagValue === "Webinar", "channels " . json_encode($tags));
    $by_name = [];
    foreach (items($tags[0]->statusList->progressionStatusItem) as $p) {
        $s = named($p->progressionStatus->attrib);
        $by_name[$s["Status"]] = $s;
    }
    $names = array_keys($by_name);
    sort($names);
    expect($names === ["Attended", "Invited", "Registered"], "statuses " . json_encode($names));
    expect($by_name["Attended"]["Success"] === "true" && $by_name["Attended"]["Step"] === "70"
           && $by_name["Invited"]["Success"] === "false", "Attended / Invited " . json_encode($by_name));
    return "Webinar statuses " . implode(", ", $names) . ", Attended (step 70) the success";
};

$steps["getTags"] = function () {
    $r = call("getTags", ["tagList" => ["tag" => [["type" => "Region"]]]]);
    $tags = items($r->tagList->tag ?? null);
    expect(count($tags) === 1 && $tags[0]->type === "Region", "tags " . json_encode($tags));
    $values = items($tags[0]->values->stringItem);
    expect($values === ["EMEA", "APAC", "AMER"], "values " . json_encode($values));
    return "Region: " . implode(", ", $values);
};

$co_keys = function () use (&$state) {
    return ["attribute" => [["attrName" => "MKTOID", "attrValue" => (string)$state["id"]],
                            ["attrName" => "rid", "attrValue" => "php1"]]];
};

$steps["syncCustomObjects"] = function () use (&$state, $co_keys) {
    $r = call("syncCustomObjects", ["objTypeName" => "RoadShow", "operation" => "UPSERT", "customObjList" => ["customObj" => [
        ["customObjKeyList" => $co_keys(), "customObjAttributeList" => ["attribute" => [
            ["attrName" => "city", "attrValue" => "Porto"], ["attrName" => "seats", "attrValue" => "12"]]]]]]]);
    $st = items($r->syncCustomObjStatusList->syncCustomObjStatus);
    expect(count($st) === 1 && $st[0]->status === "CREATED" && $st[0]->objTypeName === "RoadShow", "status " . json_encode($st));
    return "RoadShow (MKTOID {$state['id']}, rid php1) CREATED";
};

$steps["getCustomObjects"] = function () use (&$state) {
    $r = call("getCustomObjects", ["objTypeName" => "RoadShow", "includeAttributes" => ["stringItem" => ["city", "seats"]],
                                   "customObjKeyList" => ["attribute" => [["attrName" => "MKTOID", "attrValue" => (string)$state["id"]]]]]);
    expect($r->returnCount === 1, "returnCount {$r->returnCount}");
    $obj = items($r->customObjList->customObj)[0];
    $keys = named($obj->customObjKeyList->attribute, "attrName", "attrValue");
    $fields = named($obj->customObjAttributeList->attribute, "attrName", "attrValue");
    expect(($keys["rid"] ?? null) === "php1" && ($fields["city"] ?? null) === "Porto" && ($fields["seats"] ?? null) === "12",
           "keys " . json_encode($keys) . " fields " . json_encode($fields));
    return "1 RoadShow: rid=php1 city=Porto seats=12";
};

$steps["deleteCustomObjects"] = function () use (&$state, $co_keys) {
    $r = call("deleteCustomObjects", ["objTypeName" => "RoadShow", "customObjKeyLists" => ["keyList" => [$co_keys()]]]);
    $st = items($r->deleteCustomObjStatusList->syncCustomObjStatus);
    expect(count($st) === 1 && $st[0]->status === "DELETED", "status " . json_encode($st));
    $left = call("getCustomObjects", ["objTypeName" => "RoadShow", "includeAttributes" => ["stringItem" => []],
                                      "customObjKeyList" => ["attribute" => [["attrName" => "MKTOID", "attrValue" => (string)$state["id"]]]]]);
    expect($left->returnCount === 0, "still there: {$left->returnCount}");
    return "DELETED; getCustomObjects then finds none";
};

$steps["listMObjects"] = function () {
    $r = call("listMObjects", []);
    $objects = items($r->objects ?? null);
    expect(!array_diff(["ActivityRecord", "LeadRecord", "Opportunity", "OpportunityPersonRole"], $objects),
           "objects " . json_encode($objects));
    return "objects " . implode(", ", $objects);
};

$steps["describeMObject"] = function () {
    $r = call("describeMObject", ["objectName" => "Opportunity"]);
    $md = $r->metadata;
    $fields = array_map(fn($f) => $f->name, items($md->fieldList->field ?? null));
    expect($md->name === "Opportunity" && !array_diff(["Name", "Amount", "Stage"], $fields),
           "{$md->name} fields " . json_encode($fields));
    return "Opportunity with fields Name, Amount, Stage (" . count($fields) . " fields)";
};

$steps["getMObjects"] = function () {
    $r = call("getMObjects", ["type" => "Program"]);
    $names = array_map(fn($m) => named($m->attribList->attrib)["Name"] ?? null, items($r->mObjectList->mObject ?? null));
    expect(!array_diff(["Spring Webinar", "Trade Show 2013"], $names), "program names " . json_encode($names));
    return "Programs " . implode(", ", $names);
};

$steps["syncMObjects"] = function () use (&$state) {
    $r = call("syncMObjects", ["operation" => "UPSERT", "mObjectList" => ["mObject" => [
        ["type" => "Opportunity", "attribList" => ["attrib" => [["name" => "Name", "value" => "PHP Deal"],
                                                                ["name" => "Amount", "value" => "250"]]]]]]]);
    $st = items($r->mObjStatusList->mObjStatus);
    expect(count($st) === 1 && $st[0]->status === "CREATED" && $st[0]->id > 0, "status " . json_encode($st));
    $state["opp"] = $st[0]->id;
    $got = items(call("getMObjects", ["type" => "Opportunity", "id" => $state["opp"]])->mObjectList->mObject)[0];
    $name = named($got->attribList->attrib)["Name"] ?? null;
    expect($name === "PHP Deal", "getMObjects by id: Name $name");
    return "Opportunity {$state['opp']} CREATED; getMObjects by id returns Name=PHP Deal";
};

$steps["deleteMObjects"] = function () use (&$state) {
    $r = call("deleteMObjects", ["mObjectList" => ["mObject" => [["type" => "Opportunity", "id" => $state["opp"]]]]]);
    $st = items($r->mObjStatusList->mObjStatus);
    expect(count($st) === 1 && $st[0]->status === "DELETED" && $st[0]->id === $state["opp"], "status " . json_encode($st));
    $left = call("getMObjects", ["type" => "Opportunity", "id" => $state["opp"]]);
    expect(!$left->returnCount, "still there: returnCount {$left->returnCount}");
    return "Opportunity {$state['opp']} DELETED; getMObjects by id then finds none";
};

$fault = function () {
    try {
        call("getLead", ["leadKey" => lead_key("IDNUM", "999999")]);
    } catch (SoapFault $f) {
        expect(fault_code($f) === "20103", "detail->serviceException->code " . json_encode(fault_code($f)));
        return "getLead IDNUM 999999: detail->serviceException->code=20103 (faultcode {$f->faultcode})";
    }
    throw new CheckFailed("getLead of an unknown lead did not fault");
};

// the WSDL's operations, as SoapClient read them: "SuccessGetLead getLead(ParamsGetLead $paramsGetLead)"
$in_wsdl = [];
foreach ($client->__getFunctions() as $f)
    if (preg_match('/^\S+ (\w+)\(/', $f, $m))
        $in_wsdl[$m[1]] = true;
ksort($in_wsdl);
$passed = $failed = 0;
foreach (array_keys($in_wsdl) as $op)
    if (!isset($steps[$op])) {
        if (in_array($op, $new_ops, true)) {
            print "SKIP $op: new to the WSDL (\$MKTOWS_TEST_NEW_OPERATIONS)\n";
        } else {
            print "FAIL $op: in the WSDL, but this script has no call for it\n";
            $failed++;
        }
    }
foreach ($steps + ["fault" => $fault] as $op => $fn) {
    if ($op !== "fault" && !isset($in_wsdl[$op])) {
        print "FAIL $op: this script calls it, but the served WSDL has no such operation\n";
        $failed++;
        continue;
    }
    try {
        print "PASS $op: " . $fn() . "\n";
        $passed++;
    } catch (CheckFailed $e) {
        print "FAIL $op: " . $e->getMessage() . "\n";
        $failed++;
    } catch (SoapFault $f) {
        print "FAIL $op: fault " . (fault_code($f) ?? $f->faultcode) . " (" .
              ($f->detail->serviceException->message ?? $f->getMessage()) . ")\n";
        $failed++;
    } catch (Throwable $e) { // a client-side error fails this operation, not the run
        print "FAIL $op: " . get_class($e) . ": " . $e->getMessage() . "\n";
        $failed++;
    }
}
print "summary: $passed passed, $failed failed (" . count($in_wsdl) . " operations in the WSDL)\n";
exit($failed ? 1 : 0);
