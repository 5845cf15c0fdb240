/* Reporting a failed call of any operation; command names of the operations, and the nearest
 * operation name (suggest.c). */
#include "cli.h"
#include "suggest.h"

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

const char *mktows_cli_nearest_operation(const char *name)
{
    size_t count = mktows_operation_count();
    const char **names = calloc(count + 1, sizeof *names);
    if (!names)
        return NULL;
    for (size_t i = 0; i < count; i++)
        names[i] = mktows_operation_at(i)->name;
    const char *near = mktows_cli_suggest(name, strlen(name), names); /* static strings of the table */
    free(names);
    return near;
}
