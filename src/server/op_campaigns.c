/* Campaigns from the config file: getCampaignsForSource, requestCampaign (a "Request Campaign"
 * activity per lead, with the tokens as its attributes, and a campaign_runs row) and
 * scheduleCampaign (a campaign_runs row with the run time and tokens). Nothing else runs. */
#include "config.h"
#include "store.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "ops.h"

#include "soapH.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MKTOWS_SRV_MAX_CAMPAIGN_LEADS 100

static mktows_srv_campaign_source s_source_bit(enum mkt__ReqCampSourceType s)
{
    return s == mkt__ReqCampSourceType__SALES ? MKTOWS_SRV_SOURCE_SALES : MKTOWS_SRV_SOURCE_MKTOWS;
}

/* Case-insensitive substring test (strcasestr is a GNU extension). */
static int s_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return 1;
    return n == 0;
}

static int s_get_campaigns(struct soap *soap, struct mkt__ParamsGetCampaignsForSource *in,
                           struct mkt__SuccessGetCampaignsForSource *out)
{
    const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
    int exact = in->exactName && *in->exactName == xsd__boolean__true_;
    const char *name = in->name && *in->name ? in->name : NULL;
    if (exact && !name)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "exactName needs a name");
    struct mkt__CampaignRecord *recs = MKTOWS_SRV_NEW(soap, struct mkt__CampaignRecord, cfg->campaign_count);
    struct mkt__ArrayOfCampaignRecord *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfCampaignRecord, 1);
    struct mkt__ResultGetCampaignsForSource *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultGetCampaignsForSource, 1);
    if (!recs || !arr || !res)
        return soap->error = SOAP_EOM;
    int n = 0;
    for (size_t i = 0; i < cfg->campaign_count; i++) {
        const mktows_srv_campaign *c = &cfg->campaigns[i];
        if (!(c->sources & s_source_bit(in->source)))
            continue;
        if (name && (exact ? strcasecmp(c->name, name) != 0 : !s_contains(c->name, name)))
            continue;
        recs[n].id = c->id;
        recs[n].name = c->name;
        recs[n].description = c->description ? c->description : "";
        n++;
    }
    arr->__sizecampaignRecord = n;
    arr->campaignRecord = recs;
    res->returnCount = n;
    res->campaignRecordList = arr;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(getCampaignsForSource, mkt__ParamsGetCampaignsForSource, mkt__SuccessGetCampaignsForSource,
              s_get_campaigns)

/* programTokenList: names must look like {{my.NAME}}. Fills attrs (soap memory). */
static int s_tokens(struct soap *soap, const struct mkt__ArrayOfAttrib *list, mktows_srv_attr **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!list || list->__sizeattrib <= 0)
        return SOAP_OK;
    *n = (size_t)list->__sizeattrib;
    *out = MKTOWS_SRV_NEW(soap, mktows_srv_attr, *n);
    if (!*out)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < *n; i++) {
        const char *name = list->attrib[i].name ? list->attrib[i].name : "";
        size_t len = strlen(name);
        if (len < 8 || strncasecmp(name, "{{my.", 5) != 0 || strcmp(name + len - 2, "}}") != 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                    "program token '%s' is not of the form {{my.name}}", name);
        (*out)[i].name = name;
        (*out)[i].value = list->attrib[i].value ? list->attrib[i].value : "";
    }
    return SOAP_OK;
}

static int s_request_campaign(struct soap *soap, struct mkt__ParamsRequestCampaign *in,
                              struct mkt__SuccessRequestCampaign *out)
{
    const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
    int by_name = (in->campaignName && *in->campaignName) || (in->programName && *in->programName);
    const mktows_srv_campaign *c = NULL;
    if (in->campaignId && by_name)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                "give campaignId alone, or campaignName with programName, not both");
    if (in->campaignId) {
        if (in->programTokenList && in->programTokenList->__sizeattrib > 0)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                    "programTokenList needs campaignName and programName, not campaignId");
        c = mktows_srv_config_campaign(cfg, NULL, NULL, *in->campaignId);
        if (!c)
            return mktows_srv_fault(soap, MKTOWS_MKTO_CAMPAIGN_NOT_FOUND, "no campaign has id %d", *in->campaignId);
    } else if (by_name) {
        if (!in->campaignName || !*in->campaignName || !in->programName || !*in->programName)
            return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "campaignName and programName go together");
        if (!mktows_srv_config_program(cfg, in->programName, 0))
            return mktows_srv_fault(soap, MKTOWS_MKTO_CAMPAIGN_NOT_FOUND, "no program named '%s'", in->programName);
        c = mktows_srv_config_campaign(cfg, in->campaignName, in->programName, 0);
        if (!c)
            return mktows_srv_fault(soap, MKTOWS_MKTO_CAMPAIGN_NOT_FOUND,
                                    "no campaign '%s' in program '%s'", in->campaignName,
                                    in->programName);
    } else {
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED,
                                "campaignId, or campaignName with programName, is required");
    }
    if (!(c->sources & s_source_bit(in->source)))
        return mktows_srv_fault(soap, MKTOWS_MKTO_CAMPAIGN_NOT_FOUND,
                                "campaign '%s' cannot be requested from source %s", c->name,
                                soap_mkt__ReqCampSourceType2s(soap, in->source));
    mktows_srv_attr *tokens = NULL;
    size_t token_count = 0;
    int rc = s_tokens(soap, in->programTokenList, &tokens, &token_count);
    if (rc != SOAP_OK)
        return rc;
    if (!in->leadList || in->leadList->__sizeleadKey <= 0)
        return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_KEY_REQUIRED, "leadList needs at least one leadKey");
    int n = in->leadList->__sizeleadKey;
    if (n > MKTOWS_SRV_MAX_CAMPAIGN_LEADS)
        n = MKTOWS_SRV_MAX_CAMPAIGN_LEADS; /* the page: additional keys are ignored */
    long long *ids = MKTOWS_SRV_NEW(soap, long long, n);
    if (!ids)
        return soap->error = SOAP_EOM;
    for (int i = 0; i < n; i++) {
        const struct mkt__LeadKey *k = &in->leadList->leadKey[i];
        if ((rc = mktows_srv_lead_key_id(soap, k, i, &ids[i])) != SOAP_OK)
            return rc;
        if (!ids[i])
            return mktows_srv_fault(soap, MKTOWS_MKTO_LEAD_NOT_FOUND,
                                    "no lead matches %s %s", soap_mkt__LeadKeyRef2s(soap, k->keyType),
                                    k->keyValue);
    }
    /* the activity carries the campaign id, the source and every token */
    size_t na = token_count + 2;
    mktows_srv_attr *attrs = MKTOWS_SRV_NEW(soap, mktows_srv_attr, na);
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%d", c->id);
    if (!attrs)
        return soap->error = SOAP_EOM;
    attrs[0].name = "Campaign ID";
    attrs[0].value = idtext;
    attrs[1].name = "Source";
    attrs[1].value = soap_mkt__ReqCampSourceType2s(soap, in->source);
    for (size_t i = 0; i < token_count; i++)
        attrs[2 + i] = tokens[i];
    for (int i = 0; i < n; i++)
        if (mktows_store_log(mktows_srv_of(soap)->store, ids[i], "Request Campaign", c->name, c->name, attrs, na))
            return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "database failure writing the activity");
    if (mktows_store_campaign_run(mktows_srv_of(soap)->store, MKTOWS_SRV_RUN_REQUEST, c, (long long)time(NULL), n,
                                  tokens, token_count))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "database failure recording the campaign run");
    out->result = MKTOWS_SRV_NEW(soap, struct mkt__ResultRequestCampaign, 1);
    if (!out->result)
        return soap->error = SOAP_EOM;
    out->result->success = xsd__boolean__true_;
    return SOAP_OK;
}

MKTOWS_SRV_OP(requestCampaign, mkt__ParamsRequestCampaign, mkt__SuccessRequestCampaign, s_request_campaign)

static int s_schedule_campaign(struct soap *soap, struct mkt__ParamsScheduleCampaign *in,
                               struct mkt__SuccessScheduleCampaign *out)
{
    const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
    if (!in->programName || !*in->programName)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "programName is required");
    if (!in->campaignName || !*in->campaignName)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "campaignName is required");
    if (!mktows_srv_config_program(cfg, in->programName, 0))
        return mktows_srv_fault(soap, MKTOWS_MKTO_CAMPAIGN_NOT_FOUND, "no program named '%s'", in->programName);
    const mktows_srv_campaign *c = mktows_srv_config_campaign(cfg, in->campaignName, in->programName, 0);
    if (!c)
        return mktows_srv_fault(soap, MKTOWS_MKTO_CAMPAIGN_NOT_FOUND,
                                "no campaign '%s' in program '%s'", in->campaignName, in->programName);
    mktows_srv_attr *tokens = NULL;
    size_t token_count = 0;
    int rc = s_tokens(soap, in->programTokenList, &tokens, &token_count);
    if (rc != SOAP_OK)
        return rc;
    long long run_at = in->campaignRunAt ? (long long)*in->campaignRunAt : (long long)time(NULL);
    if (mktows_store_campaign_run(mktows_srv_of(soap)->store, MKTOWS_SRV_RUN_SCHEDULE, c, run_at, 0, tokens,
                                  token_count))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "database failure recording the campaign run");
    out->result = MKTOWS_SRV_NEW(soap, struct mkt__ResultScheduleCampaign, 1);
    if (!out->result)
        return soap->error = SOAP_EOM;
    out->result->success = xsd__boolean__true_;
    return SOAP_OK;
}

MKTOWS_SRV_OP(scheduleCampaign, mkt__ParamsScheduleCampaign, mkt__SuccessScheduleCampaign, s_schedule_campaign)
