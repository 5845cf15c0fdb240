/* Reporting a failed call of any operation, and suggesting the nearest operation name. */
#include "cli.h"

#include <mktows/mktows.h>
#include <mktows/ops.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mktows_cli_report_call_error(const char *operation, const mktows_client *client, int rc,
                                  const char *errbuf)
{
    char what[128], detail[512], fault_string[512];
    snprintf(what, sizeof what, "%s failed", operation);
    mktows_cli_one_line(detail, sizeof detail, errbuf && *errbuf ? errbuf : mktows_client_errmsg(client));
    int mkto = mktows_client_marketo_code(client);
    if (mkto) {
        const char *message = "";
        if (mktows_client_marketo_message(client))
            message = mktows_cli_one_line(detail, sizeof detail, mktows_client_marketo_message(client));
        if (!*message && mktows_client_fault_string(client))
            message = mktows_cli_one_line(fault_string, sizeof fault_string, mktows_client_fault_string(client));
        const char *text = mktows_marketo_message(mktows_code_from_marketo(mkto));
        if (!text || strncmp(message, text, strlen(text)) == 0)
            mktows_cli_error(what, "Marketo error %d: %s", mkto, *message ? message : (text ? text : "?"));
        else if (*message)
            mktows_cli_error(what, "Marketo error %d: %s (%s)", mkto, text, message);
        else
            mktows_cli_error(what, "Marketo error %d: %s", mkto, text);
        return;
    }
    const char *s = mktows_strerror((mktows_code)rc);
    if (!*detail)
        mktows_cli_error(what, "%s", s);
    else if (strncmp(detail, s, strlen(s)) == 0)
        mktows_cli_error(what, "%s", detail);
    else
        mktows_cli_error(what, "%s: %s", s, detail);
}

void mktows_cli_kebab(const char *name, char *out, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; name[i] && n + 2 < size; i++) {
        unsigned char c = (unsigned char)name[i];
        if (isupper(c) && i > 0 && (islower((unsigned char)name[i - 1]) || isdigit((unsigned char)name[i - 1])))
            out[n++] = '-';
        out[n++] = (char)tolower(c);
    }
    out[n] = '\0';
}

const char *mktows_cli_operation_by_command(const char *command)
{
    char kebab[128];
    for (size_t i = 0; i < mktows_operation_count(); i++) {
        mktows_cli_kebab(mktows_operation_at(i)->name, kebab, sizeof kebab);
        if (strcmp(kebab, command) == 0)
            return mktows_operation_at(i)->name;
    }
    return NULL;
}

/* Edit distance, case-insensitive. */
static size_t s_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

const char *mktows_cli_nearest_operation(const char *name, int kebab)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    static char best_kebab[128];
    for (size_t i = 0; i < mktows_operation_count(); i++) {
        const char *op = mktows_operation_at(i)->name;
        char k[128];
        mktows_cli_kebab(op, k, sizeof k);
        size_t d = s_distance(name, kebab ? k : op);
        if (d < best_d) {
            best_d = d;
            best = op;
            snprintf(best_kebab, sizeof best_kebab, "%s", k);
        }
    }
    if (!best || best_d > strlen(name) / 2 + 2)
        return NULL;
    return kebab ? best_kebab : best;
}
