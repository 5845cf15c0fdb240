/* getTags and getChannels from the config file ([tag TYPE] values = ..., [channel NAME]
 * statuses = ..., behavior = ...). Each progression status of a channel is an attrib list, as the
 * getChannels page has it: Status, Step (configured with @, else 1, 2, ...), the channel's behavior
 * attribute where the status has a value for it, and Success (true for statuses marked '*'). */
#include "config.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "ops.h"

#include "soapH.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const mktows_srv_tag *s_tag(const mktows_srv_config *cfg, const char *type)
{
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
                return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "tag type %s has no value '%s'", t->type,
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
    const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
    int asked = in->tagList && in->tagList->__sizetag > 0;
    size_t n = asked ? (size_t)in->tagList->__sizetag : cfg->tag_count;
    struct mkt__Tag *tags = MKTOWS_SRV_NEW(soap, struct mkt__Tag, n);
    struct mkt__ArrayOfTag *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfTag, 1);
    struct mkt__ResultGetTags *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultGetTags, 1);
    if (!tags || !arr || !res)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < n; i++) {
        const mktows_srv_tag *t = asked ? s_tag(cfg, in->tagList->tag[i].type) : &cfg->tags[i];
        if (!t)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "no tag type '%s'",
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

/* Channels, and each channel's statuses, in name order, as the getChannels page lists them. */
static int s_channel_cmp(const void *a, const void *b)
{
    return strcasecmp((*(const mktows_srv_channel *const *)a)->name, (*(const mktows_srv_channel *const *)b)->name);
}

/* One channel: per status Status, Step, the channel's behavior attribute where the status has a
 * value for it ("Webinar Behavior", "Check-in Status"), and Success, as the page has them. */
static int s_fill_channel(struct soap *soap, struct mkt__TagStatus *ts, const mktows_srv_channel *c)
{
    ts->tagValue = c->name;
    ts->statusList = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfProgressionStatus, 1);
    struct mkt__ProgressionStatus *ps = MKTOWS_SRV_NEW(soap, struct mkt__ProgressionStatus, c->status_count);
    size_t *order = MKTOWS_SRV_NEW(soap, size_t, c->status_count ? c->status_count : 1);
    if (!ts->statusList || !ps || !order)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < c->status_count; i++) { /* insertion sort by name: a channel has a few */
        size_t j = i;
        for (; j > 0 && strcasecmp(c->statuses[order[j - 1]], c->statuses[i]) > 0; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    for (size_t k = 0; k < c->status_count; k++) {
        size_t i = order[k];
        struct mkt__ArrayOfAttrib *l = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfAttrib, 1);
        struct mkt__Attrib *a = MKTOWS_SRV_NEW(soap, struct mkt__Attrib, 4);
        char step[24];
        if (!l || !a)
            return soap->error = SOAP_EOM;
        snprintf(step, sizeof step, "%d", c->steps[i]);
        int n = 0;
        a[n++] = (struct mkt__Attrib){ .name = "Status", .value = c->statuses[i] };
        a[n++] = (struct mkt__Attrib){ .name = "Step", .value = soap_strdup(soap, step) };
        if (c->behavior && c->behaviors[i])
            a[n++] = (struct mkt__Attrib){ .name = c->behavior, .value = c->behaviors[i] };
        a[n++] = (struct mkt__Attrib){ .name = "Success", .value = c->success[i] ? "true" : "false" };
        l->__sizeattrib = n;
        l->attrib = a;
        ps[k].progressionStatus = l;
    }
    ts->statusList->__sizeprogressionStatusItem = (int)c->status_count;
    ts->statusList->progressionStatusItem = ps;
    return SOAP_OK;
}

static int s_get_channels(struct soap *soap, struct mkt__ParamsGetChannels *in, struct mkt__SuccessGetChannels *out)
{
    const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
    const struct mkt__ArrayOfString *names = in->tag ? in->tag->values : NULL;
    int asked = names && names->__sizestringItem > 0;
    size_t n = asked ? (size_t)names->__sizestringItem : cfg->channel_count;
    const mktows_srv_channel **chosen = MKTOWS_SRV_NEW(soap, const mktows_srv_channel *, n ? n : 1);
    struct mkt__TagStatus *ts = MKTOWS_SRV_NEW(soap, struct mkt__TagStatus, n);
    struct mkt__ArrayOfTagStatus *arr = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfTagStatus, 1);
    struct mkt__ResultGetChannels *res = MKTOWS_SRV_NEW(soap, struct mkt__ResultGetChannels, 1);
    if (!chosen || !ts || !arr || !res)
        return soap->error = SOAP_EOM;
    for (size_t i = 0; i < n; i++) {
        const mktows_srv_channel *c = asked ? NULL : &cfg->channels[i];
        for (size_t k = 0; asked && k < cfg->channel_count && !c; k++)
            if (names->stringItem[i] && !strcasecmp(cfg->channels[k].name, names->stringItem[i]))
                c = &cfg->channels[k];
        if (!c)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER,
                                    "no channel '%s'", names->stringItem[i] ? names->stringItem[i] : "");
        chosen[i] = c;
    }
    qsort(chosen, n, sizeof *chosen, s_channel_cmp);
    for (size_t i = 0; i < n; i++) {
        int rc = s_fill_channel(soap, &ts[i], chosen[i]);
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
