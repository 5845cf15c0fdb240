/* getTags and getChannels from the config file ([tag TYPE] values = ..., [channel NAME]
 * statuses = ...). Each progression status of a channel is an attrib list: Name, Step (1, 2, ...)
 * and Success (true for statuses marked with '*'). */
#include "server.h"

#include "soapH.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const mktows_srv_tag *s_tag(const char *type)
{
    const mktows_srv_config *cfg = &mktows_srv->cfg;
    for (size_t i = 0; type && i < cfg->tag_count; i++)
        if (!strcasecmp(cfg->tags[i].type, type))
            return &cfg->tags[i];
    return NULL;
}

static int s_has_value(const mktows_srv_tag *t, const char *v)
{
    for (size_t i = 0; v && i < t->value_count; i++)
        if (!strcasecmp(t->values[i], v))
            return 1;
    return 0;
}

static int s_fill_tag(struct soap *soap, struct mkt__Tag *out, const mktows_srv_tag *t, const struct mkt__ArrayOfString *only)
{
    out->type = t->type;
    out->values = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfString, 1);
    char **vals = MKTOWS_SRV_NEW(soap, char *, t->value_count);
    if (!out->values || !vals)
        return soap->error = SOAP_EOM;
    int n = 0;
    if (only && only->__sizestringItem > 0) {
        for (int i = 0; i < only->__sizestringItem; i++) {
            if (!s_has_value(t, only->stringItem[i]))
                return mktows_srv_fault(soap, 20110, "tag type %s has no value '%s'", t->type,
                                        only->stringItem[i] ? only->stringItem[i] : "");
            for (size_t k = 0; k < t->value_count; k++)
                if (!strcasecmp(t->values[k], only->stringItem[i]) && n < (int)t->value_count)
                    vals[n++] = t->values[k];
        }
    } else {
        for (size_t k = 0; k < t->value_count; k++)
            vals[n++] = t->values[k];
    }
    out->values->__sizestringItem = n;
    out->values->stringItem = vals;
    return SOAP_OK;
}

static int s_get_tags(struct soap *soap, struct mkt__ParamsGetTags *in, struct mkt__SuccessGetTags *out)
{
    const mktows_srv_config *cfg = &mktows_srv->cfg;
    int asked = in->tagList && in->tagList->__sizetag > 0;
    size_t n = asked ? (size_t)in->tagList->__sizetag : cfg->tag_count;
    struct mkt__Tag *tags = MKTOWS_SRV_NEW(soap, struct mkt__Tag, n);
    struct mkt__ArrayOfTag *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfTag, 1);
    struct mkt__ResultGetTags *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultGetTags, 1);
    if (!tags || !arr || !res)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < n; i++) {
        const mktows_srv_tag *t = asked ? s_tag(in->tagList->tag[i].type) : &cfg->tags[i];
        if (!t)
            return mktows_srv_fault(soap, 20110, "no tag type '%s'",
                                    in->tagList->tag[i].type ? in->tagList->tag[i].type : "");
        int rc = s_fill_tag(soap, &tags[i], t, asked ? in->tagList->tag[i].values : NULL);
        if (rc != SOAP_OK)
            return rc;
    }
    arr->__sizetag = (int)n;
    arr->tag = tags;
    res->tagList = arr;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(getTags, mkt__ParamsGetTags, mkt__SuccessGetTags, s_get_tags)

static int s_fill_channel(struct soap *soap, struct mkt__TagStatus *ts, const mktows_srv_channel *c)
{
    ts->tagValue = c->name;
    ts->statusList = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfProgressionStatus, 1);
    struct mkt__ProgressionStatus *ps = MKTOWS_SRV_NEW(soap, struct mkt__ProgressionStatus, c->status_count);
    if (!ts->statusList || !ps)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < c->status_count; i++) {
        struct mkt__ArrayOfAttrib *l = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfAttrib, 1);
        struct mkt__Attrib *a = MKTOWS_SRV_NEW(soap, struct mkt__Attrib, 3);
        char step[24];
        if (!l || !a)
            return soap->error = SOAP_EOM;
        snprintf(step, sizeof step, "%zu", i + 1);
        a[0].name = "Name";
        a[0].value = c->statuses[i];
        a[1].name = "Step";
        a[1].value = soap_strdup(soap, step);
        a[2].name = "Success";
        a[2].value = c->success[i] ? "true" : "false";
        l->__sizeattrib = 3;
        l->attrib = a;
        ps[i].progressionStatus = l;
    }
    ts->statusList->__sizeprogressionStatusItem = (int)c->status_count;
    ts->statusList->progressionStatusItem = ps;
    return SOAP_OK;
}

static int s_get_channels(struct soap *soap, struct mkt__ParamsGetChannels *in, struct mkt__SuccessGetChannels *out)
{
    const mktows_srv_config *cfg = &mktows_srv->cfg;
    const struct mkt__ArrayOfString *names = in->tag ? in->tag->values : NULL;
    int asked = names && names->__sizestringItem > 0;
    size_t n = asked ? (size_t)names->__sizestringItem : cfg->channel_count;
    struct mkt__TagStatus *ts = MKTOWS_SRV_NEW(soap, struct mkt__TagStatus, n);
    struct mkt__ArrayOfTagStatus *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfTagStatus, 1);
    struct mkt__ResultGetChannels *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultGetChannels, 1);
    if (!ts || !arr || !res)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < n; i++) {
        const mktows_srv_channel *c = asked ? NULL : &cfg->channels[i];
        for (size_t k = 0; asked && k < cfg->channel_count && !c; k++)
            if (names->stringItem[i] && !strcasecmp(cfg->channels[k].name, names->stringItem[i]))
                c = &cfg->channels[k];
        if (!c)
            return mktows_srv_fault(soap, 20110, "no channel '%s'", names->stringItem[i] ? names->stringItem[i] : "");
        int rc = s_fill_channel(soap, &ts[i], c);
        if (rc != SOAP_OK)
            return rc;
    }
    arr->__sizetagStatus = (int)n;
    arr->tagStatus = ts;
    res->tags = arr;
    out->result = res;
    return SOAP_OK;
}

MKTOWS_SRV_OP(getChannels, mkt__ParamsGetChannels, mkt__SuccessGetChannels, s_get_channels)
