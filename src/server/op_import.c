/* importToList and getImportToListStatus. The import runs synchronously inside the call: each CSV
 * row is a lead (UPSERTLEADS: synced by Email or Id, like syncLead; LISTONLY: an existing lead by
 * Id or Email), added to the program's static list; the counts are kept for getImportToListStatus.
 * Header columns are the lead fields' display names ("Last Name", "Job Title", "Email Address", as the
 * importToList page asks) or API names ("LastName"), "Id", or
 * program tokens {{my.name}} (accepted and counted, not stored). */
#include "config.h"
#include "store.h"
#include "server.h"
#include "serve.h"
#include "fault.h"
#include "ops.h"

#include "soapH.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Split one CSV line ("a","b ""c""",d) into soap strings. */
static char **s_csv(struct soap *soap, const char *line, int *n)
{
    size_t len = strlen(line);
    char **out = MKTOWS_SRV_NEW(soap, char *, len + 1);
    char *buf = MKTOWS_SRV_NEW(soap, char, len + 1);
    *n = 0;
    if (!out || !buf)
        return NULL;
    const char *p = line;
    for (;;) {
        char *w = buf;
        while (*p == ' ')
            p++;
        if (*p == '"') {
            p++;
            while (*p) {
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *w++ = *p++;
                }
            }
            while (*p && *p != ',')
                p++;
        } else {
            while (*p && *p != ',' && *p != '\r' && *p != '\n')
                *w++ = *p++;
            while (w > buf && w[-1] == ' ')
                w--;
        }
        *w = '\0';
        out[(*n)++] = soap_strdup(soap, buf);
        if (*p != ',')
            break;
        p++;
    }
    return out;
}

/* A header column: -1 token, -2 Id, -3 Email, otherwise >= 0 (index into the config fields). */
static int s_column(const mktows_srv_config *cfg, const char *name, char *why, size_t len)
{
    size_t n = strlen(name);
    if (n > 7 && !strncasecmp(name, "{{my.", 5) && !strcmp(name + n - 2, "}}"))
        return -1;
    char key[128], k2[128];
    mktows_srv_type_key(name, key, sizeof key);
    if (!strcmp(key, "id"))
        return -2;
    /* the display name, as the page says the header is written ("Last Name", "Job Title") */
    const mktows_srv_field *shown = mktows_srv_config_field_by_display(cfg, name);
    if (shown && !strcasecmp(shown->name, "Email"))
        return -3;
    if (shown && !shown->read_only)
        return (int)(shown - cfg->fields);
    if (!strcmp(key, "email"))
        return -3;
    /* or the API name, written as it is or with spaces ("FirstName", "First Name") */
    for (size_t i = 0; i < cfg->field_count; i++) {
        mktows_srv_type_key(cfg->fields[i].name, k2, sizeof k2);
        if (!strcmp(key, k2)) {
            if (cfg->fields[i].read_only)
                break;
            return (int)i;
        }
    }
    snprintf(why, len, "importFileHeader: '%s' is not a writable lead field, Id, Email or {{my.token}}", name);
    return -4;
}

static int s_import(struct soap *soap, struct mkt__ParamsImportToList *in, struct mkt__SuccessImportToList *out)
{
    const mktows_srv_config *cfg = &mktows_srv_of(soap)->cfg;
    if (!in->programName || !*in->programName)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "programName is required");
    if (!in->listName || !*in->listName)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "listName is required");
    if (!in->importFileHeader || !*in->importFileHeader)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "importFileHeader is required");
    const mktows_srv_list *list = mktows_srv_config_list(cfg, in->listName, 0);
    if (!list || !list->program || strcasecmp(list->program, in->programName))
        return mktows_srv_fault(soap, MKTOWS_MKTO_LIST_NOT_FOUND,
                                "program '%s' has no static list '%s'", in->programName, in->listName);
    if (in->campaignName && *in->campaignName
        && !mktows_srv_config_campaign(cfg, in->campaignName, in->programName, 0))
        return mktows_srv_fault(soap, MKTOWS_MKTO_CAMPAIGN_NOT_FOUND,
                                "no campaign '%s' in program '%s'", in->campaignName, in->programName);

    int ncol = 0;
    char **header = s_csv(soap, in->importFileHeader, &ncol);
    int *col = MKTOWS_SRV_NEW(soap, int, ncol);
    if (!header || !col)
        return soap->error = SOAP_EOM;
    int id_col = -1, email_col = -1;
    char why[256];
    for (int c = 0; c < ncol; c++) {
        col[c] = s_column(&mktows_srv_of(soap)->cfg, header[c], why, sizeof why);
        if (col[c] == -4)
            return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "%s", why);
        if (col[c] == -2)
            id_col = c;
        if (col[c] == -3)
            email_col = c;
    }
    if (id_col < 0 && email_col < 0)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "importFileHeader needs an Email or Id column");

    mktows_srv_import imp;
    memset(&imp, 0, sizeof imp);
    imp.started_s = (long long)time(NULL);
    char err[256];
    if (in->clearList == xsd__boolean__true_
        && mktows_store_list_clear(mktows_srv_of(soap)->store, list, err, sizeof err))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", err);
    int rows = in->importFileRows ? in->importFileRows->__sizestringItem : 0;
    imp.rows_total = rows;
    int listonly = in->importListMode == mkt__ImportToListModeEnum__LISTONLY;
    long long *ids = MKTOWS_SRV_NEW(soap, long long, rows);
    mktows_srv_sync *reqs = MKTOWS_SRV_NEW(soap, mktows_srv_sync, rows);
    mktows_srv_sync_result *res = MKTOWS_SRV_NEW(soap, mktows_srv_sync_result, rows);
    if (!ids || !reqs || !res)
        return soap->error = SOAP_EOM;
    for (int r = 0; r < rows; r++) {
        int nf = 0;
        char **f = s_csv(soap, in->importFileRows->stringItem[r] ? in->importFileRows->stringItem[r] : "", &nf);
        if (!f)
            return soap->error = SOAP_EOM;
        if (nf != ncol) {
            reqs[r].error = MKTOWS_MKTO_BAD_PARAMETER;
            reqs[r].error_message = "wrong number of columns";
            continue;
        }
        const char *email = email_col >= 0 && *f[email_col] ? f[email_col] : NULL;
        const char *idv = id_col >= 0 && *f[id_col] ? f[id_col] : NULL;
        if (listonly) {
            long long *found = NULL;
            size_t count = 0;
            int code = mktows_srv_lead_ids(soap, idv ? mkt__LeadKeyRef__IDNUM : mkt__LeadKeyRef__EMAIL,
                                           idv ? idv : email, &found, &count, err, sizeof err);
            if (code)
                return mktows_srv_fault(soap, code, "%s", err);
            ids[r] = count ? found[count - 1] : 0;
            reqs[r].error = count ? 0 : -1; /* -1: ignored */
            continue;
        }
        /* UPSERTLEADS: the row as a LeadRecord, checked like syncLead */
        struct mkt__LeadRecord rec;
        memset(&rec, 0, sizeof rec);
        rec.Email = (char *)email;
        int idnum = idv ? atoi(idv) : 0;
        if (idv)
            rec.Id = &idnum;
        struct mkt__ArrayOfAttribute *al = MKTOWS_SRV_NEW(soap, struct mkt__ArrayOfAttribute, 1);
        struct mkt__Attribute *at = MKTOWS_SRV_NEW(soap, struct mkt__Attribute, ncol);
        if (!al || !at)
            return soap->error = SOAP_EOM;
        for (int c = 0; c < ncol; c++)
            if (col[c] >= 0) {
                at[al->__sizeattribute].attrName = cfg->fields[col[c]].name;
                at[al->__sizeattribute++].attrValue = f[c];
            }
        al->attribute = at;
        rec.leadAttributeList = al;
        char msg[256];
        int code = mktows_srv_sync_prepare(soap, &rec, NULL, &reqs[r], msg, sizeof msg);
        if (code) {
            reqs[r].error = code;
            reqs[r].error_message = soap_strdup(soap, msg);
        }
        if (idv)
            reqs[r].id = idnum; /* rec.Id points at this frame's storage */
        reqs[r].source = "List import";
    }
    if (!listonly) {
        if (mktows_store_sync_batch(mktows_srv_of(soap)->store, MKTOWS_SRV_ARENA(soap), reqs, (size_t)rows, res))
            return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "database failure during the import");
        for (int r = 0; r < rows; r++)
            ids[r] = res[r].error ? 0 : res[r].id;
    }
    for (int r = 0; r < rows; r++) {
        int failed = listonly ? reqs[r].error > 0 : res[r].error != 0 || reqs[r].error;
        if (failed)
            imp.rows_failed++;
        else if (!ids[r])
            imp.rows_ignored++;
        else
            imp.rows_imported++;
    }
    int *status = MKTOWS_SRV_NEW(soap, int, rows);
    if (!status)
        return soap->error = SOAP_EOM;
    if (rows && mktows_store_list_apply(mktows_srv_of(soap)->store, list, MKTOWS_SRV_LIST_ADD, ids, (size_t)rows,
                                        status, err, sizeof err))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "%s", err);
    imp.ended_s = (long long)time(NULL);
    snprintf(imp.summary, sizeof imp.summary, "%d rows: %d imported, %d failed, %d ignored (%s%s)", imp.rows_total,
             imp.rows_imported, imp.rows_failed, imp.rows_ignored, listonly ? "LISTONLY" : "UPSERTLEADS",
             in->clearList == xsd__boolean__true_ ? ", list cleared first" : "");
    if (mktows_store_import_save(mktows_srv_of(soap)->store, list->program, list->name, &imp))
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "database failure saving the import status");
    out->result = MKTOWS_SRV_NEW(soap, struct mkt__ResultImportToList, 1);
    if (!out->result)
        return soap->error = SOAP_EOM;
    out->result->importStatus = mkt__ImportToListStatusEnum__COMPLETE;
    return SOAP_OK;
}

MKTOWS_SRV_OP(importToList, mkt__ParamsImportToList, mkt__SuccessImportToList, s_import)

static int *s_int(struct soap *soap, int v)
{
    int *p = MKTOWS_SRV_NEW(soap, int, 1);
    if (p)
        *p = v;
    return p;
}

static int s_status(struct soap *soap, struct mkt__ParamsGetImportToListStatus *in,
                    struct mkt__SuccessGetImportToListStatus *out)
{
    if (!in->programName || !*in->programName || !in->listName || !*in->listName)
        return mktows_srv_fault(soap, MKTOWS_MKTO_PARAMETER_REQUIRED, "programName and listName are required");
    const mktows_srv_list *list = mktows_srv_config_list(&mktows_srv_of(soap)->cfg, in->listName, 0);
    if (!list || !list->program || strcasecmp(list->program, in->programName))
        return mktows_srv_fault(soap, MKTOWS_MKTO_LIST_NOT_FOUND,
                                "program '%s' has no static list '%s'", in->programName, in->listName);
    mktows_srv_import imp;
    int found = mktows_store_import_get(mktows_srv_of(soap)->store, list->program, list->name, &imp);
    if (found < 0)
        return mktows_srv_fault(soap, MKTOWS_MKTO_INTERNAL, "database failure reading the import status");
    if (!found)
        return mktows_srv_fault(soap, MKTOWS_MKTO_BAD_PARAMETER, "no import into list '%s' yet", list->name);
    struct mkt__ResultGetImportToListStatus *r = MKTOWS_SRV_NEW(soap, struct mkt__ResultGetImportToListStatus, 1);
    if (!r)
        return soap->error = SOAP_EOM;
    r->status = mkt__ImportToListStatusEnum__COMPLETE;
    r->startedTime = mktows_srv_time(soap, imp.started_s);
    r->endedTime = mktows_srv_time(soap, imp.ended_s);
    r->estimatedTime = s_int(soap, 0);
    r->estimatedRows = s_int(soap, imp.rows_total);
    r->rowsImported = s_int(soap, imp.rows_imported);
    r->rowsFailed = s_int(soap, imp.rows_failed);
    r->rowsIgnored = s_int(soap, imp.rows_ignored);
    r->importSummary = soap_strdup(soap, imp.summary);
    out->result = r;
    return SOAP_OK;
}

MKTOWS_SRV_OP(getImportToListStatus, mkt__ParamsGetImportToListStatus, mkt__SuccessGetImportToListStatus, s_status)
