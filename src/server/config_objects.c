/* Config sections for the objects of issue 4 (docs/server.md, "Lists, campaigns and other objects"):
 *
 *   [program NAME]        id = 3001, type = Event, channel = Webinar, description = ..., workspace = Default,
 *                         folder = /Marketing Activities/..., archived = false, start_date = ..., end_date = ...
 *   [list NAME]           id = 1001, program = PROGRAM
 *   [campaign NAME]       id = 2001, program = PROGRAM, description = ..., source = MKTOWS, SALES
 *   [custom_object NAME]  keys = roadshowId, email ; fields = city, date:date, seats:integer
 *   [tag TYPE]            values = A, B, C
 *   [channel NAME]        statuses = Invited@10, Registered@40=Registered, Attended*@70=Attended
 *                         (* marks a success status, @ the step, = the behavior attribute's value),
 *                         behavior = Webinar Behavior (the attribute's name)
 *
 * Each section starts a new object; the values of the section go to the last one created. */
#include "config.h"
#include "config_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Split "a, b , c" into a malloc'd array of trimmed, non-empty strings. */
static char **s_split(const char *v, size_t *count)
{
    char *copy = mktows_srv_cfg_dup(v), *save = NULL;
    char **out = NULL;
    *count = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        tok = mktows_srv_cfg_trim(tok);
        if (!*tok)
            continue;
        out = mktows_srv_cfg_grow(out, *count, sizeof *out);
        out[(*count)++] = mktows_srv_cfg_dup(tok);
    }
    free(copy);
    return out;
}

static void s_free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int s_parse_id(const char *v, int *out)
{
    long n = 0;
    if (mktows_srv_cfg_parse_long(v, 1, 2147483647L, &n))
        return -1;
    *out = (int)n;
    return 0;
}

int mktows_srv_config_object_begin(mktows_srv_config *cfg, const char *kind, const char *name)
{
    if (!strcasecmp(kind, "program")) {
        cfg->programs = mktows_srv_cfg_grow(cfg->programs, cfg->program_count, sizeof *cfg->programs);
        cfg->programs[cfg->program_count++].name = mktows_srv_cfg_dup(name);
    } else if (!strcasecmp(kind, "list")) {
        cfg->lists = mktows_srv_cfg_grow(cfg->lists, cfg->list_count, sizeof *cfg->lists);
        cfg->lists[cfg->list_count++].name = mktows_srv_cfg_dup(name);
    } else if (!strcasecmp(kind, "campaign")) {
        cfg->campaigns = mktows_srv_cfg_grow(cfg->campaigns, cfg->campaign_count, sizeof *cfg->campaigns);
        cfg->campaigns[cfg->campaign_count].name = mktows_srv_cfg_dup(name);
        cfg->campaigns[cfg->campaign_count++].sources = MKTOWS_SRV_SOURCE_MKTOWS;
    } else if (!strcasecmp(kind, "custom_object")) {
        cfg->cobj_types = mktows_srv_cfg_grow(cfg->cobj_types, cfg->cobj_type_count, sizeof *cfg->cobj_types);
        cfg->cobj_types[cfg->cobj_type_count++].name = mktows_srv_cfg_dup(name);
    } else if (!strcasecmp(kind, "tag")) {
        cfg->tags = mktows_srv_cfg_grow(cfg->tags, cfg->tag_count, sizeof *cfg->tags);
        cfg->tags[cfg->tag_count++].type = mktows_srv_cfg_dup(name);
    } else if (!strcasecmp(kind, "channel")) {
        cfg->channels = mktows_srv_cfg_grow(cfg->channels, cfg->channel_count, sizeof *cfg->channels);
        cfg->channels[cfg->channel_count++].name = mktows_srv_cfg_dup(name);
    } else {
        return 0;
    }
    return 1;
}

static void s_set_str(char **slot, const char *v)
{
    free(*slot);
    *slot = mktows_srv_cfg_dup(v);
}

static void s_add_cobj_field(mktows_srv_cobj_type *t, const char *name, const char *type)
{
    for (size_t i = 0; i < t->field_count; i++) {
        if (!strcasecmp(t->fields[i].name, name)) {
            s_set_str(&t->fields[i].type, type);
            return;
        }
    }
    t->fields = mktows_srv_cfg_grow(t->fields, t->field_count, sizeof *t->fields);
    t->fields[t->field_count].name = mktows_srv_cfg_dup(name);
    t->fields[t->field_count++].type = mktows_srv_cfg_dup(type);
}

int mktows_srv_config_object_set(mktows_srv_config *cfg, const char *kind, const char *name, const char *key,
                                 const char *v, char *err, size_t err_len)
{
    (void)name;
    if (!strcasecmp(kind, "program")) {
        mktows_srv_program *p = &cfg->programs[cfg->program_count - 1];
        if (!strcasecmp(key, "id"))
            return s_parse_id(v, &p->id) ? -1 : 1;
        if (!strcasecmp(key, "type")) { s_set_str(&p->type, v); return 1; }
        if (!strcasecmp(key, "channel")) { s_set_str(&p->channel, v); return 1; }
        if (!strcasecmp(key, "description")) { s_set_str(&p->description, v); return 1; }
        if (!strcasecmp(key, "workspace")) { s_set_str(&p->workspace, v); return 1; }
        if (!strcasecmp(key, "folder")) { s_set_str(&p->folder, v); return 1; }
        if (!strcasecmp(key, "start_date")) { s_set_str(&p->start_date, v); return 1; }
        if (!strcasecmp(key, "end_date")) { s_set_str(&p->end_date, v); return 1; }
        if (!strcasecmp(key, "archived")) {
            p->archived = !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on");
            return p->archived || !strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") ? 1 : -1;
        }
        return 0;
    }
    if (!strcasecmp(kind, "list")) {
        mktows_srv_list *l = &cfg->lists[cfg->list_count - 1];
        if (!strcasecmp(key, "id"))
            return s_parse_id(v, &l->id) ? -1 : 1;
        if (!strcasecmp(key, "program")) { s_set_str(&l->program, v); return 1; }
        return 0;
    }
    if (!strcasecmp(kind, "campaign")) {
        mktows_srv_campaign *c = &cfg->campaigns[cfg->campaign_count - 1];
        if (!strcasecmp(key, "id"))
            return s_parse_id(v, &c->id) ? -1 : 1;
        if (!strcasecmp(key, "program")) { s_set_str(&c->program, v); return 1; }
        if (!strcasecmp(key, "description")) { s_set_str(&c->description, v); return 1; }
        if (!strcasecmp(key, "source")) {
            size_t n = 0;
            char **parts = s_split(v, &n);
            unsigned bits = 0;
            int bad = n == 0;
            for (size_t i = 0; i < n; i++) {
                if (!strcasecmp(parts[i], "MKTOWS")) bits |= MKTOWS_SRV_SOURCE_MKTOWS;
                else if (!strcasecmp(parts[i], "SALES")) bits |= MKTOWS_SRV_SOURCE_SALES;
                else bad = 1;
            }
            s_free_strings(parts, n);
            if (bad) {
                mktows_srv_cfg_err(err, err_len, "source must be MKTOWS, SALES or both");
                return -1;
            }
            c->sources = bits;
            return 1;
        }
        return 0;
    }
    if (!strcasecmp(kind, "custom_object")) {
        mktows_srv_cobj_type *t = &cfg->cobj_types[cfg->cobj_type_count - 1];
        if (!strcasecmp(key, "keys")) {
            s_free_strings(t->keys, t->key_count);
            t->keys = s_split(v, &t->key_count);
            return t->key_count ? 1 : -1;
        }
        if (!strcasecmp(key, "fields")) {
            size_t n = 0;
            char **parts = s_split(v, &n);
            for (size_t i = 0; i < n; i++) {
                char *colon = strchr(parts[i], ':');
                if (colon)
                    *colon = '\0';
                s_add_cobj_field(t, mktows_srv_cfg_trim(parts[i]), colon ? mktows_srv_cfg_trim(colon + 1) : "string");
            }
            s_free_strings(parts, n);
            return n ? 1 : -1;
        }
        return 0;
    }
    if (!strcasecmp(kind, "tag")) {
        mktows_srv_tag *t = &cfg->tags[cfg->tag_count - 1];
        if (!strcasecmp(key, "values")) {
            s_free_strings(t->values, t->value_count);
            t->values = s_split(v, &t->value_count);
            return 1;
        }
        return 0;
    }
    if (!strcasecmp(kind, "channel")) {
        mktows_srv_channel *c = &cfg->channels[cfg->channel_count - 1];
        if (!strcasecmp(key, "statuses")) {
            /* NAME[*][@STEP][=BEHAVIOR], ...: '*' marks success, STEP is the status's step number,
             * BEHAVIOR its value of the channel's behavior attribute */
            s_free_strings(c->statuses, c->status_count);
            s_free_strings(c->behaviors, c->behaviors ? c->status_count : 0);
            free(c->success);
            free(c->steps);
            c->statuses = s_split(v, &c->status_count);
            size_t n = c->status_count ? c->status_count : 1;
            c->success = calloc(n, sizeof *c->success);
            c->steps = calloc(n, sizeof *c->steps);
            c->behaviors = calloc(n, sizeof *c->behaviors);
            if (!c->success || !c->steps || !c->behaviors)
                return -1;
            for (size_t i = 0; i < c->status_count; i++) {
                char *item = c->statuses[i];
                char *eq = strchr(item, '=');
                if (eq) {
                    *eq = '\0';
                    c->behaviors[i] = mktows_srv_cfg_dup(mktows_srv_cfg_trim(eq + 1));
                }
                char *at = strchr(item, '@');
                c->steps[i] = (int)i + 1;
                if (at) {
                    *at = '\0';
                    if (s_parse_id(mktows_srv_cfg_trim(at + 1), &c->steps[i])) {
                        mktows_srv_cfg_err(err, err_len, "channel %s: status '%s': @STEP wants a number", name, item);
                        return -1;
                    }
                }
                mktows_srv_cfg_trim(item);
                size_t len = strlen(item);
                if (len > 1 && item[len - 1] == '*') {
                    item[len - 1] = '\0';
                    c->success[i] = 1;
                }
                char *trimmed = mktows_srv_cfg_trim(item);
                memmove(item, trimmed, strlen(trimmed) + 1);
                if (!*c->statuses[i] || (c->behaviors[i] && !*c->behaviors[i])) {
                    mktows_srv_cfg_err(err, err_len, "channel %s: a status wants NAME[*][@STEP][=BEHAVIOR]", name);
                    return -1;
                }
            }
            return c->status_count ? 1 : -1;
        }
        if (!strcasecmp(key, "behavior")) {
            s_set_str(&c->behavior, v);
            return *v ? 1 : -1;
        }
        return 0;
    }
    return 0;
}

static int s_program_id_used(const mktows_srv_config *cfg, int id)
{
    for (size_t i = 0; i < cfg->program_count; i++)
        if (cfg->programs[i].id == id)
            return 1;
    return 0;
}

static void s_ensure_program(mktows_srv_config *cfg, const char *name)
{
    if (!name || mktows_srv_config_program(cfg, name, 0))
        return;
    mktows_srv_config_object_begin(cfg, "program", name);
}

int mktows_srv_config_objects_finish(mktows_srv_config *cfg, char *err, size_t err_len)
{
    for (size_t i = 0; i < cfg->channel_count; i++) {
        const mktows_srv_channel *c = &cfg->channels[i];
        for (size_t k = 0; k < c->status_count && !c->behavior; k++)
            if (c->behaviors && c->behaviors[k]) {
                mktows_srv_cfg_err(err, err_len, "channel %s: status '%s' has a behavior value but the channel no "
                                   "behavior = ATTRIBUTE", c->name, c->statuses[k]);
                return -1;
            }
    }
    for (size_t i = 0; i < cfg->list_count; i++) {
        for (size_t j = 0; j < i; j++)
            if (!strcasecmp(cfg->lists[i].name, cfg->lists[j].name)) {
                mktows_srv_cfg_err(err, err_len, "list %s is defined twice", cfg->lists[i].name);
                return -1;
            }
        s_ensure_program(cfg, cfg->lists[i].program);
    }
    for (size_t i = 0; i < cfg->campaign_count; i++) {
        if (!cfg->campaigns[i].program) {
            mktows_srv_cfg_err(err, err_len, "campaign %s needs program = NAME", cfg->campaigns[i].name);
            return -1;
        }
        s_ensure_program(cfg, cfg->campaigns[i].program);
    }
    for (size_t i = 0; i < cfg->program_count; i++) {
        for (size_t j = 0; j < i; j++)
            if (!strcasecmp(cfg->programs[i].name, cfg->programs[j].name)) {
                mktows_srv_cfg_err(err, err_len, "program %s is defined twice", cfg->programs[i].name);
                return -1;
            }
        if (!cfg->programs[i].id) {
            int id = 3001 + (int)i;
            while (s_program_id_used(cfg, id))
                id++;
            cfg->programs[i].id = id;
        }
        if (cfg->programs[i].workspace && !mktows_srv_config_workspace(cfg, cfg->programs[i].workspace)) {
            mktows_srv_cfg_err(err, err_len, "program %s: no [workspace %s]", cfg->programs[i].name,
                               cfg->programs[i].workspace);
            return -1;
        }
        const char *ch = cfg->programs[i].channel;
        int found = !ch;
        for (size_t c = 0; ch && c < cfg->channel_count; c++)
            found |= !strcasecmp(cfg->channels[c].name, ch);
        if (!found) {
            mktows_srv_cfg_err(err, err_len, "program %s: no [channel %s]", cfg->programs[i].name, ch);
            return -1;
        }
    }
    for (size_t i = 0; i < cfg->list_count; i++)
        if (!cfg->lists[i].id) {
            int id = 1001 + (int)i;
            while (mktows_srv_config_list(cfg, NULL, id))
                id++;
            cfg->lists[i].id = id;
        }
    for (size_t i = 0; i < cfg->campaign_count; i++) {
        for (size_t j = 0; j < i; j++)
            if (!strcasecmp(cfg->campaigns[i].name, cfg->campaigns[j].name)
                && !strcasecmp(cfg->campaigns[i].program, cfg->campaigns[j].program)) {
                mktows_srv_cfg_err(err, err_len, "campaign %s is defined twice in program %s", cfg->campaigns[i].name,
                      cfg->campaigns[i].program);
                return -1;
            }
        if (!cfg->campaigns[i].id) {
            int id = 2001 + (int)i;
            while (mktows_srv_config_campaign(cfg, NULL, NULL, id))
                id++;
            cfg->campaigns[i].id = id;
        }
    }
    for (size_t i = 0; i < cfg->cobj_type_count; i++) {
        mktows_srv_cobj_type *t = &cfg->cobj_types[i];
        if (!t->key_count) {
            mktows_srv_cfg_err(err, err_len, "custom_object %s needs keys = FIELD, ...", t->name);
            return -1;
        }
        /* keys first in the field list; a key not listed in fields is a string field */
        mktows_srv_field *old = t->fields;
        size_t old_count = t->field_count;
        t->fields = NULL;
        t->field_count = 0;
        for (size_t k = 0; k < t->key_count; k++) {
            const char *type = "string";
            for (size_t f = 0; f < old_count; f++)
                if (!strcasecmp(old[f].name, t->keys[k]))
                    type = old[f].type;
            s_add_cobj_field(t, t->keys[k], type);
        }
        for (size_t f = 0; f < old_count; f++) {
            s_add_cobj_field(t, old[f].name, old[f].type);
            free(old[f].name);
            free(old[f].type);
        }
        free(old);
    }
    return 0;
}

void mktows_srv_config_objects_clean_up(mktows_srv_config *cfg)
{
    for (size_t i = 0; i < cfg->program_count; i++) {
        free(cfg->programs[i].name);
        free(cfg->programs[i].type);
        free(cfg->programs[i].channel);
        free(cfg->programs[i].workspace);
        free(cfg->programs[i].folder);
        free(cfg->programs[i].start_date);
        free(cfg->programs[i].end_date);
        free(cfg->programs[i].description);
    }
    for (size_t i = 0; i < cfg->list_count; i++) {
        free(cfg->lists[i].name);
        free(cfg->lists[i].program);
    }
    for (size_t i = 0; i < cfg->campaign_count; i++) {
        free(cfg->campaigns[i].name);
        free(cfg->campaigns[i].program);
        free(cfg->campaigns[i].description);
    }
    for (size_t i = 0; i < cfg->cobj_type_count; i++) {
        mktows_srv_cobj_type *t = &cfg->cobj_types[i];
        free(t->name);
        s_free_strings(t->keys, t->key_count);
        for (size_t f = 0; f < t->field_count; f++) {
            free(t->fields[f].name);
            free(t->fields[f].type);
        }
        free(t->fields);
    }
    for (size_t i = 0; i < cfg->tag_count; i++) {
        free(cfg->tags[i].type);
        s_free_strings(cfg->tags[i].values, cfg->tags[i].value_count);
    }
    for (size_t i = 0; i < cfg->channel_count; i++) {
        free(cfg->channels[i].name);
        s_free_strings(cfg->channels[i].behaviors, cfg->channels[i].behaviors ? cfg->channels[i].status_count : 0);
        s_free_strings(cfg->channels[i].statuses, cfg->channels[i].status_count);
        free(cfg->channels[i].success);
        free(cfg->channels[i].steps);
        free(cfg->channels[i].behavior);
    }
    free(cfg->programs);
    free(cfg->lists);
    free(cfg->campaigns);
    free(cfg->cobj_types);
    free(cfg->tags);
    free(cfg->channels);
}

const mktows_srv_list *mktows_srv_config_list(const mktows_srv_config *cfg, const char *name, int id)
{
    for (size_t i = 0; i < cfg->list_count; i++)
        if (name ? !strcasecmp(cfg->lists[i].name, name) : cfg->lists[i].id == id)
            return &cfg->lists[i];
    return NULL;
}

const mktows_srv_campaign *mktows_srv_config_campaign(const mktows_srv_config *cfg, const char *name,
                                                      const char *program, int id)
{
    for (size_t i = 0; i < cfg->campaign_count; i++) {
        const mktows_srv_campaign *c = &cfg->campaigns[i];
        if (name ? (!strcasecmp(c->name, name) && (!program || !strcasecmp(c->program, program))) : c->id == id)
            return c;
    }
    return NULL;
}

const mktows_srv_program *mktows_srv_config_program(const mktows_srv_config *cfg, const char *name, int id)
{
    for (size_t i = 0; i < cfg->program_count; i++)
        if (name ? !strcasecmp(cfg->programs[i].name, name) : cfg->programs[i].id == id)
            return &cfg->programs[i];
    return NULL;
}

const mktows_srv_cobj_type *mktows_srv_config_cobj(const mktows_srv_config *cfg, const char *name)
{
    for (size_t i = 0; name && i < cfg->cobj_type_count; i++)
        if (!strcasecmp(cfg->cobj_types[i].name, name))
            return &cfg->cobj_types[i];
    return NULL;
}
