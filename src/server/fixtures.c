/* Reading fixture files (fixtures.h): JSON with up to five arrays (leads, activities, listMembers,
 * customObjects, mobjects), or CSV with one lead per row. Every name is checked against the
 * configuration here, so that a mistake is reported at start with the file and the place in it,
 * not later as a fault of some call. */
#include "fixtures.h"
#include "op_mobject_meta.h"
#include "config_private.h"

#include "csv.h"

#include <mktows/json.h>
#include <mktows/sign.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef struct s_reader {
    const mktows_srv_config *cfg;
    const char *path;
    mktows_srv_fixtures out;   /* this file's records, appended to the caller's on success */
    char *err;
    size_t err_len;
} s_reader;

static int s_fail(s_reader *r, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int s_fail(s_reader *r, const char *where, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(r->err, r->err_len, "%s: %s", where, what);
    return -1;
}

static mktows_srv_fixture *s_add(s_reader *r, mktows_srv_fixture_kind kind, const char *where)
{
    r->out.items = mktows_srv_cfg_grow(r->out.items, r->out.count, sizeof *r->out.items);
    mktows_srv_fixture *f = &r->out.items[r->out.count++];
    f->kind = kind;
    snprintf(f->where, sizeof f->where, "%.*s", (int)sizeof f->where - 1, where);
    return f;
}

static void s_add_attr(mktows_srv_fixture *f, const char *name, const char *value)
{
    f->attrs = mktows_srv_cfg_grow(f->attrs, f->attr_count, sizeof *f->attrs);
    f->attrs[f->attr_count].name = mktows_srv_cfg_dup(name);
    f->attrs[f->attr_count].value = mktows_srv_cfg_dup(value);
    f->attr_count++;
}

static void s_free_one(mktows_srv_fixture *f)
{
    char *strings[] = { f->lead_email, f->name, f->email, f->foreign_id, f->foreign_type, f->cookie, f->partition,
                        f->asset, f->campaign };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(strings[i]);
    for (size_t i = 0; i < f->key_count; i++)
        free(f->keys[i]);
    free(f->keys);
    for (size_t i = 0; i < f->attr_count; i++) {
        free((char *)f->attrs[i].name);
        free((char *)f->attrs[i].value);
    }
    free(f->attrs);
}

void mktows_srv_fixtures_clean_up(mktows_srv_fixtures *fx)
{
    for (size_t i = 0; i < fx->count; i++)
        s_free_one(&fx->items[i]);
    free(fx->items);
    fx->items = NULL;
    fx->count = 0;
}

/* A lead field that fixtures may set: by name or display name, not a system field. */
static const mktows_srv_field *s_lead_field(const mktows_srv_config *cfg, const char *name)
{
    const mktows_srv_field *f = mktows_srv_config_field(cfg, name);
    if (!f)
        f = mktows_srv_config_field_by_display(cfg, name);
    return f && !f->read_only ? f : NULL;
}

static int s_positive_id(const char *text, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end || v < 1 || v > 2147483647)
        return -1;
    *out = v;
    return 0;
}

static int s_foreign_type(const char *v)
{
    return !strcasecmp(v, "CUSTOM") || !strcasecmp(v, "SFDC") || !strcasecmp(v, "NETSUITE");
}

/* ---- JSON ---- */

/* A string or a number as text; NULL for anything else. */
static const char *s_scalar(const mktows_json_value *v)
{
    return v && (v->kind == MKTOWS_JSON_STRING || v->kind == MKTOWS_JSON_NUMBER) ? v->text : NULL;
}

static int s_json_time(s_reader *r, const char *where, const mktows_json_value *v, long long *out)
{
    time_t t;
    if (!v || v->kind != MKTOWS_JSON_STRING || mktows_timestamp_parse(v->text, &t) != MKTOWS_OK)
        return s_fail(r, where, "expected a date-time such as \"2013-05-01T12:00:00+00:00\"");
    *out = (long long)t;
    return 0;
}

/* Only the member names in @p known (NULL-terminated) are allowed in object @p obj. */
static int s_json_members(s_reader *r, const char *where, const mktows_json_value *obj, const char *const *known)
{
    if (obj->kind != MKTOWS_JSON_OBJECT)
        return s_fail(r, where, "expected an object");
    for (const mktows_json_value *m = obj->first; m; m = m->next) {
        int ok = 0;
        for (size_t i = 0; known[i]; i++)
            ok |= strcmp(m->key, known[i]) == 0;
        if (!ok) {
            char list[300] = "";
            for (size_t i = 0; known[i]; i++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", known[i]);
            return s_fail(r, where, "unknown member \"%s\" (expected %s)", m->key, list);
        }
    }
    return 0;
}

/* Member @p key of @p obj as text, required or not: 0 (*out NULL when absent and optional) or -1. */
static int s_json_text(s_reader *r, const char *where, const mktows_json_value *obj, const char *key, int required,
                       const char **out)
{
    const mktows_json_value *v = mktows_json_get(obj, key);
    *out = s_scalar(v);
    if (v && !*out)
        return s_fail(r, where, "\"%s\": expected a string or a number", key);
    if (!v && required)
        return s_fail(r, where, "\"%s\" is missing", key);
    return 0;
}

/* "lead": 87 or "lead": "t@t.com" */
static int s_json_lead_ref(s_reader *r, const char *where, const mktows_json_value *v, mktows_srv_fixture *f)
{
    if (v && v->kind == MKTOWS_JSON_NUMBER && s_positive_id(v->text, &f->lead_id) == 0)
        return 0;
    if (v && v->kind == MKTOWS_JSON_STRING && *v->text) {
        f->lead_email = mktows_srv_cfg_dup(v->text);
        return 0;
    }
    return s_fail(r, where, "expected a lead's Id (a number) or Email (a string)");
}

static int s_json_lead(s_reader *r, const char *where, const mktows_json_value *o)
{
    static const char *const known[] = { "Id", "Email", "ForeignSysPersonId", "ForeignSysType", "marketoCookie",
                                         "partition", "createdAt", "attributes", NULL };
    if (s_json_members(r, where, o, known))
        return -1;
    const char *id, *email, *fid, *ftype, *cookie, *part;
    if (s_json_text(r, where, o, "Id", 0, &id) || s_json_text(r, where, o, "Email", 0, &email)
        || s_json_text(r, where, o, "ForeignSysPersonId", 0, &fid)
        || s_json_text(r, where, o, "ForeignSysType", 0, &ftype)
        || s_json_text(r, where, o, "marketoCookie", 0, &cookie) || s_json_text(r, where, o, "partition", 0, &part))
        return -1;
    mktows_srv_fixture *f = s_add(r, MKTOWS_SRV_FIXTURE_LEAD, where);
    if (id && s_positive_id(id, &f->id))
        return s_fail(r, where, "\"Id\": expected a whole number from 1 to 2147483647, not \"%s\"", id);
    if (ftype && !s_foreign_type(ftype))
        return s_fail(r, where, "\"ForeignSysType\": expected CUSTOM, SFDC or NETSUITE, not \"%s\"", ftype);
    if (ftype && !fid)
        return s_fail(r, where, "\"ForeignSysType\" goes with \"ForeignSysPersonId\"");
    if (part) {
        int found = 0;
        for (size_t w = 0; w < r->cfg->workspace_count; w++)
            found |= strcmp(r->cfg->workspaces[w].primary_partition, part) == 0;
        if (!found)
            return s_fail(r, where, "\"partition\": %s is no workspace's primary partition", part);
    }
    f->email = email ? mktows_srv_cfg_dup(email) : NULL;
    f->foreign_id = fid ? mktows_srv_cfg_dup(fid) : NULL;
    f->foreign_type = ftype ? mktows_srv_cfg_dup(ftype) : NULL;
    f->cookie = cookie ? mktows_srv_cfg_dup(cookie) : NULL;
    f->partition = part ? mktows_srv_cfg_dup(part) : NULL;
    const mktows_json_value *t = mktows_json_get(o, "createdAt");
    if (t && s_json_time(r, where, t, &f->created_s))
        return -1;
    const mktows_json_value *attrs = mktows_json_get(o, "attributes");
    if (attrs && attrs->kind != MKTOWS_JSON_OBJECT)
        return s_fail(r, where, "\"attributes\": expected an object of lead field names and values");
    for (const mktows_json_value *a = attrs ? attrs->first : NULL; a; a = a->next) {
        const mktows_srv_field *fd = s_lead_field(r->cfg, a->key);
        if (!fd)
            return s_fail(r, where, "\"attributes\": \"%s\" is not a writable lead field (a standard field or a"
                          " [field NAME] of the config, by name or display name)", a->key);
        if (!s_scalar(a))
            return s_fail(r, where, "\"attributes\": \"%s\": expected a string or a number", a->key);
        if (strcasecmp(fd->name, "Email") == 0) {
            free(f->email);
            f->email = mktows_srv_cfg_dup(a->text);
        } else {
            s_add_attr(f, fd->name, a->text);
        }
    }
    if (!f->id && !f->email && !f->foreign_id && !f->cookie)
        return s_fail(r, where, "a lead needs one of Id, Email, ForeignSysPersonId or marketoCookie");
    return 0;
}

/* "attributes": { "name": "value", ... } into f->attrs as written. */
static int s_json_attrs(s_reader *r, const char *where, const mktows_json_value *o, mktows_srv_fixture *f)
{
    const mktows_json_value *attrs = mktows_json_get(o, "attributes");
    if (attrs && attrs->kind != MKTOWS_JSON_OBJECT)
        return s_fail(r, where, "\"attributes\": expected an object of names and values");
    for (const mktows_json_value *a = attrs ? attrs->first : NULL; a; a = a->next) {
        if (!s_scalar(a))
            return s_fail(r, where, "\"attributes\": \"%s\": expected a string or a number", a->key);
        s_add_attr(f, a->key, a->text);
    }
    return 0;
}

static int s_json_activity(s_reader *r, const char *where, const mktows_json_value *o)
{
    static const char *const known[] = { "lead", "type", "createdAt", "asset", "campaign", "attributes", NULL };
    if (s_json_members(r, where, o, known))
        return -1;
    const char *type, *asset, *campaign;
    if (s_json_text(r, where, o, "type", 1, &type) || s_json_text(r, where, o, "asset", 0, &asset)
        || s_json_text(r, where, o, "campaign", 0, &campaign))
        return -1;
    mktows_srv_fixture *f = s_add(r, MKTOWS_SRV_FIXTURE_ACTIVITY, where);
    char lead_where[220];
    snprintf(lead_where, sizeof lead_where, "%s.lead", where);
    if (s_json_lead_ref(r, lead_where, mktows_json_get(o, "lead"), f))
        return -1;
    f->name = mktows_srv_cfg_dup(type);
    f->asset = asset ? mktows_srv_cfg_dup(asset) : NULL;
    f->campaign = campaign ? mktows_srv_cfg_dup(campaign) : NULL;
    const mktows_json_value *t = mktows_json_get(o, "createdAt");
    if (t && s_json_time(r, where, t, &f->created_s))
        return -1;
    return s_json_attrs(r, where, o, f);
}

static int s_json_list_member(s_reader *r, const char *where, const mktows_json_value *o)
{
    static const char *const known[] = { "list", "leads", NULL };
    if (s_json_members(r, where, o, known))
        return -1;
    const char *name;
    if (s_json_text(r, where, o, "list", 1, &name))
        return -1;
    const mktows_srv_list *list = mktows_srv_config_list(r->cfg, name, 0);
    if (!list)
        return s_fail(r, where, "\"list\": no [list %s] in the config", name);
    const mktows_json_value *leads = mktows_json_get(o, "leads");
    if (!leads || leads->kind != MKTOWS_JSON_ARRAY)
        return s_fail(r, where, "\"leads\": expected an array of lead Ids (numbers) or Emails (strings)");
    size_t i = 0;
    for (const mktows_json_value *v = leads->first; v; v = v->next, i++) {
        char w[220];
        snprintf(w, sizeof w, "%s.leads[%zu]", where, i);
        mktows_srv_fixture *f = s_add(r, MKTOWS_SRV_FIXTURE_LIST_MEMBER, w);
        f->list = list;
        if (s_json_lead_ref(r, w, v, f))
            return -1;
    }
    return 0;
}

static int s_json_cobj(s_reader *r, const char *where, const mktows_json_value *o)
{
    static const char *const known[] = { "type", "fields", NULL };
    if (s_json_members(r, where, o, known))
        return -1;
    const char *type;
    if (s_json_text(r, where, o, "type", 1, &type))
        return -1;
    const mktows_srv_cobj_type *t = mktows_srv_config_cobj(r->cfg, type);
    if (!t)
        return s_fail(r, where, "\"type\": no [custom_object %s] in the config", type);
    const mktows_json_value *fields = mktows_json_get(o, "fields");
    if (!fields || fields->kind != MKTOWS_JSON_OBJECT)
        return s_fail(r, where, "\"fields\": expected an object of field names and values");
    mktows_srv_fixture *f = s_add(r, MKTOWS_SRV_FIXTURE_COBJ, where);
    f->name = mktows_srv_cfg_dup(t->name);
    f->keys = calloc(t->key_count ? t->key_count : 1, sizeof *f->keys);
    if (!f->keys)
        return s_fail(r, where, "out of memory");
    f->key_count = t->key_count;
    for (const mktows_json_value *v = fields->first; v; v = v->next) {
        const mktows_srv_field *fd = NULL;
        for (size_t k = 0; k < t->field_count; k++)
            if (strcasecmp(t->fields[k].name, v->key) == 0)
                fd = &t->fields[k];
        if (!fd)
            return s_fail(r, where, "\"fields\": \"%s\" is not a field of custom object %s", v->key, t->name);
        if (!s_scalar(v))
            return s_fail(r, where, "\"fields\": \"%s\": expected a string or a number", v->key);
        size_t k = 0;
        while (k < t->key_count && strcasecmp(t->keys[k], fd->name) != 0)
            k++;
        if (k < t->key_count)
            f->keys[k] = mktows_srv_cfg_dup(v->text);
        else
            s_add_attr(f, fd->name, v->text);
    }
    for (size_t k = 0; k < t->key_count; k++)
        if (!f->keys[k])
            return s_fail(r, where, "\"fields\": the key field \"%s\" of %s is missing", t->keys[k], t->name);
    return 0;
}

static int s_json_mobj(s_reader *r, const char *where, const mktows_json_value *o)
{
    static const char *const known[] = { "type", "id", "attributes", NULL };
    if (s_json_members(r, where, o, known))
        return -1;
    const char *type_text, *id;
    if (s_json_text(r, where, o, "type", 1, &type_text) || s_json_text(r, where, o, "id", 0, &id))
        return -1;
    const char *type = mktows_srv_mobj_canonical(type_text);
    if (!type || strcmp(type, "Program") == 0)
        return s_fail(r, where, "\"type\": expected Opportunity or OpportunityPersonRole%s",
                      type ? " (programs come from [program NAME] sections of the config)" : "");
    mktows_srv_fixture *f = s_add(r, MKTOWS_SRV_FIXTURE_MOBJ, where);
    f->name = mktows_srv_cfg_dup(type);
    if (id && s_positive_id(id, &f->id))
        return s_fail(r, where, "\"id\": expected a whole number from 1 to 2147483647, not \"%s\"", id);
    const mktows_json_value *attrs = mktows_json_get(o, "attributes");
    if (attrs && attrs->kind != MKTOWS_JSON_OBJECT)
        return s_fail(r, where, "\"attributes\": expected an object of field names and values");
    for (const mktows_json_value *a = attrs ? attrs->first : NULL; a; a = a->next) {
        int read_only = 0;
        const char *name = mktows_srv_mobj_field(type, a->key, &read_only);
        if (!name || read_only)
            return s_fail(r, where, "\"attributes\": \"%s\" is not a writable field of %s (see describeMObject)",
                          a->key, type);
        if (!s_scalar(a))
            return s_fail(r, where, "\"attributes\": \"%s\": expected a string or a number", a->key);
        s_add_attr(f, name, a->text);
    }
    return 0;
}

static int s_json(s_reader *r, const char *text, size_t len)
{
    char msg[300];
    mktows_json_value *doc = NULL;
    if (mktows_json_parse(text, len, &doc, msg, sizeof msg) != MKTOWS_OK)
        return s_fail(r, r->path, "not JSON: %s", msg);
    static const struct {
        const char *name;
        int (*read)(s_reader *, const char *, const mktows_json_value *);
    } arrays[] = {
        { "leads", s_json_lead },
        { "activities", s_json_activity },
        { "listMembers", s_json_list_member },
        { "customObjects", s_json_cobj },
        { "mobjects", s_json_mobj },
    };
    int rc = 0;
    char where[200];
    snprintf(where, sizeof where, "%s: $", r->path);
    if (doc->kind != MKTOWS_JSON_OBJECT)
        rc = s_fail(r, where, "expected an object with leads, activities, listMembers, customObjects, mobjects");
    for (const mktows_json_value *m = rc ? NULL : doc->first; m && !rc; m = m->next) {
        size_t a = 0;
        while (a < sizeof arrays / sizeof arrays[0] && strcmp(arrays[a].name, m->key) != 0)
            a++;
        snprintf(where, sizeof where, "%s: $.%s", r->path, m->key);
        if (a == sizeof arrays / sizeof arrays[0]) {
            rc = s_fail(r, where, "unknown member (expected leads, activities, listMembers, customObjects,"
                        " mobjects)");
            break;
        }
        if (m->kind != MKTOWS_JSON_ARRAY) {
            rc = s_fail(r, where, "expected an array of objects");
            break;
        }
        size_t i = 0;
        for (const mktows_json_value *item = m->first; item && !rc; item = item->next, i++) {
            snprintf(where, sizeof where, "%s: $.%s[%zu]", r->path, m->key, i);
            rc = arrays[a].read(r, where, item);
        }
    }
    mktows_json_value_free(doc);
    return rc;
}

/* ---- CSV: a header row of lead field names or display names, then one lead a row ---- */

enum { S_COL_FIELD, S_COL_ID, S_COL_EMAIL, S_COL_FID, S_COL_FTYPE, S_COL_LISTS, S_COL_CREATED };

static int s_csv(s_reader *r, int fd)
{
    mktows_csv *csv = mktows_csv_new(fd, NULL);
    if (!csv)
        return s_fail(r, r->path, "out of memory");
    mktows_csv_record rec;
    int *kinds = NULL, rc = 0, got;
    const char **names = NULL;
    size_t ncols = 0;
    char where[200];
    while (!rc && (got = mktows_csv_next(csv, &rec)) == 1) {
        snprintf(where, sizeof where, "%s:%llu", r->path, rec.line);
        if (rec.error) {
            rc = s_fail(r, where, "%s", rec.error);
            break;
        }
        if (rec.number == 1) {
            ncols = rec.count;
            kinds = calloc(ncols, sizeof *kinds);
            names = calloc(ncols, sizeof *names);
            if (!kinds || !names) {
                rc = s_fail(r, where, "out of memory");
                break;
            }
            for (size_t c = 0; c < ncols && !rc; c++) {
                const char *h = rec.fields[c];
                const mktows_srv_field *field = NULL;
                if (!strcasecmp(h, "Id"))
                    kinds[c] = S_COL_ID;
                else if (!strcasecmp(h, "ForeignSysPersonId"))
                    kinds[c] = S_COL_FID;
                else if (!strcasecmp(h, "ForeignSysType"))
                    kinds[c] = S_COL_FTYPE;
                else if (!strcasecmp(h, "Lists"))
                    kinds[c] = S_COL_LISTS;
                else if (!strcasecmp(h, "CreatedAt"))
                    kinds[c] = S_COL_CREATED;
                else if ((field = s_lead_field(r->cfg, h)) != NULL) {
                    kinds[c] = strcasecmp(field->name, "Email") == 0 ? S_COL_EMAIL : S_COL_FIELD;
                    names[c] = field->name;
                } else
                    rc = s_fail(r, where, "column %zu \"%s\": expected a writable lead field (name or display"
                                " name), Id, ForeignSysPersonId, ForeignSysType, CreatedAt or Lists", c + 1, h);
            }
            continue;
        }
        if (rec.count != ncols) {
            rc = s_fail(r, where, "%zu fields where the header has %zu", rec.count, ncols);
            break;
        }
        mktows_srv_fixture *f = s_add(r, MKTOWS_SRV_FIXTURE_LEAD, where);
        const char *lists = NULL;
        for (size_t c = 0; c < ncols && !rc; c++) {
            const char *v = rec.fields[c];
            if (!*v && kinds[c] != S_COL_FIELD)
                continue;
            switch (kinds[c]) {
            case S_COL_ID:
                if (s_positive_id(v, &f->id))
                    rc = s_fail(r, where, "Id: expected a whole number from 1 to 2147483647, not \"%s\"", v);
                break;
            case S_COL_EMAIL: f->email = mktows_srv_cfg_dup(v); break;
            case S_COL_FID: f->foreign_id = mktows_srv_cfg_dup(v); break;
            case S_COL_FTYPE:
                if (!s_foreign_type(v))
                    rc = s_fail(r, where, "ForeignSysType: expected CUSTOM, SFDC or NETSUITE, not \"%s\"", v);
                f->foreign_type = mktows_srv_cfg_dup(v);
                break;
            case S_COL_CREATED: {
                time_t t;
                if (mktows_timestamp_parse(v, &t) != MKTOWS_OK)
                    rc = s_fail(r, where, "CreatedAt: expected a date-time such as 2013-05-01T12:00:00+00:00");
                f->created_s = (long long)t;
                break;
            }
            case S_COL_LISTS: lists = v; break;
            default:
                if (*v)
                    s_add_attr(f, names[c], v);
                break;
            }
        }
        if (!rc && !f->id && !f->email && !f->foreign_id)
            rc = s_fail(r, where, "a lead needs one of Id, Email or ForeignSysPersonId");
        if (!rc && f->foreign_type && !f->foreign_id)
            rc = s_fail(r, where, "ForeignSysType goes with ForeignSysPersonId");
        /* "Lists": list names separated by ';', each a list membership of this lead */
        long long lead_id = f->id;
        char *lead_email = f->email ? mktows_srv_cfg_dup(f->email) : NULL;
        char *copy = lists ? mktows_srv_cfg_dup(lists) : NULL, *save = NULL;
        for (char *name = copy ? strtok_r(copy, ";", &save) : NULL; name && !rc; name = strtok_r(NULL, ";", &save)) {
            name = mktows_srv_cfg_trim(name);
            const mktows_srv_list *list = mktows_srv_config_list(r->cfg, name, 0);
            if (!list) {
                rc = s_fail(r, where, "Lists: no [list %s] in the config", name);
                break;
            }
            if (!lead_id && !lead_email) {
                rc = s_fail(r, where, "Lists: the lead needs an Id or an Email to be put on a list");
                break;
            }
            mktows_srv_fixture *m = s_add(r, MKTOWS_SRV_FIXTURE_LIST_MEMBER, where);
            m->list = list;
            m->lead_id = lead_id;
            m->lead_email = lead_email ? mktows_srv_cfg_dup(lead_email) : NULL;
        }
        free(copy);
        free(lead_email);
    }
    if (!rc && got < 0)
        rc = s_fail(r, r->path, "read error: %s", strerror(errno));
    if (!rc && ncols == 0)
        rc = s_fail(r, r->path, "empty: expected a header row of lead field names");
    free(kinds);
    free(names);
    mktows_csv_free(csv);
    return rc;
}

static int s_ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcasecmp(s + ls - lx, suffix) == 0;
}

int mktows_srv_fixtures_load(mktows_srv_fixtures *fx, const mktows_srv_config *cfg, const char *path, char *err,
                             size_t err_len)
{
    s_reader r = { .cfg = cfg, .path = path, .err = err, .err_len = err_len };
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return s_fail(&r, path, "%s", strerror(errno));
    int rc;
    if (s_ends_with(path, ".csv")) {
        rc = s_csv(&r, fd);
    } else {
        size_t cap = 65536, len = 0;
        char *text = malloc(cap);
        ssize_t k = 0;
        while (text && (k = read(fd, text + len, cap - len)) > 0) {
            len += (size_t)k;
            if (len == cap) {
                char *n = cap < 64u * 1024 * 1024 ? realloc(text, cap * 2) : NULL;
                if (!n) {
                    free(text);
                    text = NULL;
                }
                text = n;
                cap *= 2;
            }
        }
        if (!text)
            rc = s_fail(&r, path, "out of memory (or larger than 64 MiB)");
        else if (k < 0)
            rc = s_fail(&r, path, "%s", strerror(errno));
        else
            rc = s_json(&r, text, len);
        free(text);
    }
    close(fd);
    if (rc) {
        mktows_srv_fixtures_clean_up(&r.out);
        return -1;
    }
    for (size_t i = 0; i < r.out.count; i++) {
        fx->items = mktows_srv_cfg_grow(fx->items, fx->count, sizeof *fx->items);
        fx->items[fx->count++] = r.out.items[i];
    }
    free(r.out.items);
    return 0;
}
