<?php
// syncLead through PHP's SoapClient (php8.2-soap), for bench/run: see bench/README.md.
//
//   php sync_lead.php once|rt|codec|batch [CALLS]
//
// Environment: BENCH_URL (endpoint), BENCH_WSDL (the WSDL file), BENCH_DATA (folder of the canned
// responses, for codec and batch), MARKETO_USER_ID, MARKETO_ENCRYPTION_KEY.
//   once   one signed syncLead to BENCH_URL; prints "status=S leadId=N"
//   rt     warm-up, then CALLS signed syncLead calls to BENCH_URL; prints "per_call_us=X"
//   codec  the same with __doRequest overridden to return the canned response: encode + decode
//   batch  syncMultipleLeads with 300 leads, canned 300-status response; prints the call's time
//          and the request and response sizes
// The request is bench/workload.c's; every call signs a fresh AuthenticationHeader (HMAC-SHA1 of
// requestTimestamp + mktowsUserId, as on Marketo's authentication page).

const MKT_NS = 'http://www.marketo.com/mktows/';

class CannedSoapClient extends SoapClient
{
    public string $canned = '';
    public int $requestBytes = 0;

    public function __doRequest(string $request, string $location, string $action, int $version, bool $oneWay = false): ?string
    {
        $this->requestBytes = strlen($request);
        if ($this->canned === '')
            return parent::__doRequest($request, $location, $action, $version, $oneWay);
        return $this->canned;
    }
}

function auth_header(string $user, string $key): SoapHeader
{
    $ts = date(DATE_W3C);
    return new SoapHeader(MKT_NS, 'AuthenticationHeader', [
        'mktowsUserId' => $user,
        'requestSignature' => hash_hmac('sha1', $ts . $user, $key),
        'requestTimestamp' => $ts,
    ]);
}

function sync_lead_params(): array
{
    return ['leadRecord' => [
        'Email' => 'george@jungle.com',
        'leadAttributeList' => ['attribute' => [
            ['attrName' => 'FirstName', 'attrValue' => 'George'],
            ['attrName' => 'LastName', 'attrValue' => 'of the Jungle'],
        ]],
    ], 'returnLead' => false];
}

function batch_params(): array
{
    $leads = [];
    for ($n = 1; $n <= 300; $n++) {
        $attrs = ['FirstName' => "First$n", 'LastName' => "Last$n", 'Company' => "Company $n Ltd",
                  'Title' => 'Engineer', 'Phone' => sprintf('+1 555 %04d', $n), 'City' => 'Springfield',
                  'State' => 'CA', 'Country' => 'USA'];
        $list = [];
        foreach ($attrs as $name => $value)
            $list[] = ['attrName' => $name, 'attrValue' => $value];
        $leads[] = ['Email' => sprintf('lead%03d@example.com', $n), 'leadAttributeList' => ['attribute' => $list]];
    }
    return ['leadRecordList' => ['leadRecord' => $leads], 'dedupEnabled' => true];
}

$mode = $argv[1] ?? '';
$calls = (int)($argv[2] ?? 1);
$user = getenv('MARKETO_USER_ID');
$key = getenv('MARKETO_ENCRYPTION_KEY');
$data = getenv('BENCH_DATA');
$client = new CannedSoapClient(getenv('BENCH_WSDL'), ['location' => getenv('BENCH_URL'), 'exceptions' => true]);

if ($mode === 'once') {
    $r = $client->__soapCall('syncLead', [sync_lead_params()], null, auth_header($user, $key));
    printf("status=%s leadId=%d\n", $r->result->syncStatus->status, $r->result->leadId);
    exit(0);
}

if ($mode === 'batch') {
    $client->canned = file_get_contents("$data/sync_multiple_leads_response.xml");
    $params = batch_params();
    $call = function () use ($client, $params, $user, $key) {
        $r = $client->__soapCall('syncMultipleLeads', [$params], null, auth_header($user, $key));
        if (count($r->result->syncStatusList->syncStatus) !== 300)
            throw new Exception('bad batch response');
    };
} else {
    if ($mode === 'codec')
        $client->canned = file_get_contents("$data/sync_lead_response.xml");
    elseif ($mode !== 'rt')
        die("usage: php sync_lead.php once|rt|codec|batch [CALLS]\n");
    $params = sync_lead_params();
    $call = function () use ($client, $params, $user, $key) {
        $r = $client->__soapCall('syncLead', [$params], null, auth_header($user, $key));
        if ($r->result->syncStatus->status !== 'UPDATED')
            throw new Exception('bad syncLead response');
    };
}

for ($i = 0; $i < max(10, intdiv($calls, 10)); $i++)
    $call();
$t0 = hrtime(true);
for ($i = 0; $i < $calls; $i++)
    $call();
$us = (hrtime(true) - $t0) / 1e3 / $calls;
if ($mode === 'batch') {
    $bytes = $client->requestBytes + strlen($client->canned);
    printf("per_call_us=%.2f request_bytes=%d response_bytes=%d mb_per_s=%.2f\n", $us, $client->requestBytes,
           strlen($client->canned), $bytes / $us);
} else {
    printf("per_call_us=%.3f\n", $us);
}
