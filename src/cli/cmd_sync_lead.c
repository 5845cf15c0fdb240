/* mktows sync-lead: create or update one lead (syncLead) and print the result as JSON, or with
 * --dry-run print the exact signed request envelope and send nothing. */
#include "cli.h"
#include "config.h"
#include "help.h"
#include "trace.h"

#include <mktows/mktows.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_CMD "sync-lead"

enum {
    S_OPT_EMAIL = 1, S_OPT_ID, S_OPT_FOREIGN_ID, S_OPT_FOREIGN_TYPE, S_OPT_COOKIE, S_OPT_ATTR,
    S_OPT_WORKSPACE, S_OPT_RETURN_LEAD, S_OPT_DRY_RUN
};

static const mktows_cli_option s_options[] = {
    { "email", 1, 0, S_OPT_EMAIL, "E", "leadRecord/Email", "Lead" },
    { "id", 1, 0, S_OPT_ID, "N", "leadRecord/Id, a positive integer (Marketo lead id)", "Lead" },
    { "foreign-id", 1, 0, S_OPT_FOREIGN_ID, "X", "leadRecord/ForeignSysPersonId", "Lead" },
    { "foreign-type", 1, 0, S_OPT_FOREIGN_TYPE, "T", "leadRecord/ForeignSysType: CUSTOM, SFDC or NETSUITE\n"
      "(required with --foreign-id, and only allowed with it)", "Lead" },
    { "cookie", 1, 0, S_OPT_COOKIE, "C", "marketoCookie (the Munchkin cookie)", "Lead" },
    { "attr", 1, 1, S_OPT_ATTR, "Name=Value", "a lead attribute; repeat for more, sent in the order given.\n"
      "Split at the first '='; the value may be empty.", "Lead" },
    { "return-lead", 0, 0, S_OPT_RETURN_LEAD, NULL, "returnLead=true: the result includes the full lead record",
      "Lead" },
    { "workspace", 1, 0, S_OPT_WORKSPACE, "W", "targetWorkspace, sent in the MktowsContextHeader\n"
      "(default: the profile's workspace)", "Lead" },
    MKTOWS_CLI_CONNECTION_OPTIONS,
    MKTOWS_CLI_CONFIG_OPTIONS,
    { "dry-run", 0, 0, S_OPT_DRY_RUN, NULL, "print the exact signed SOAP envelope that would be sent and\n"
      "send nothing", "Output" },
    MKTOWS_CLI_QUIET_OPTION,
    { NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const mktows_cli_doc s_doc = {
    S_CMD,
    "create or update one lead (syncLead), or print the request with --dry-run",
    "[--email E] [--id N] [--foreign-id X --foreign-type T]\n"
    "[--cookie C] [--attr Name=Value]... [--workspace W]\n"
    "[--return-lead] [--dry-run] [--trace DIR|FILE]\n"
    "[--endpoint URL] [--user-id ID] [--key-file FILE]\n"
    "[--ca-file FILE] [--ca-path DIR] [--insecure] [--timeout-ms N]\n"
    "[--config FILE] [--profile NAME] [--quiet]",
    "Create or update one lead with syncLead and print the result as JSON.\n"
    "One of --id, --email or --foreign-id is required.",
    s_options,
    "Output: one line of JSON, the response's result element as on the wire (keys\n"
    "are element names; an absent element has no key, xsi:nil is null), e.g.\n"
    "  {\"leadId\":1089965,\"syncStatus\":{\"leadId\":1089965,\"status\":\"UPDATED\",\"error\":null},\n"
    "   \"leadRecord\":null}\n"
    "An element of the response that the schema does not know is left out, with\n"
    "\"mktows: sync-lead: warning: skipped unknown element ...\" on stderr.\n"
    "\n"
    "Credentials: options, else MARKETO_SOAP_ENDPOINT, MARKETO_USER_ID and\n"
    "MARKETO_ENCRYPTION_KEY, else the profile of the config file.\n"
    "\n"
    "Exit status: 0 success; 1 error (missing credentials, network, TLS, SOAP fault,\n"
    "or syncStatus FAILED; a message starting \"the sync succeeded\" means the lead was\n"
    "written but the result could not be printed: do not retry); 2 usage error or\n"
    "invalid request (nothing is sent).\n"
    "\n"
    "Example:\n"
    "  mktows sync-lead --email t@t.com --attr FirstName=George \\\n"
    "      --attr 'LastName=of the Jungle' --dry-run\n"
};

/* The parsed command line. */
typedef struct s_args {
    mktows_sync_lead_request req;
    mktows_lead_attribute *attrs;      /* names are heap copies; values point into argv */
    size_t attr_count;
    const char *workspace;
    int dry_run;
    mktows_cli_common common; /* connection, configuration and output options */
} s_args;

static void s_args_clean_up(s_args *a)
{
    for (size_t i = 0; i < a->attr_count; i++)
        free((char *)a->attrs[i].name);
    free(a->attrs);
    a->attrs = NULL;
    a->attr_count = 0;
}

static int s_add_attr(s_args *a, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq)
        return mktows_cli_usage_error(S_CMD, "--attr needs Name=Value, got '%s'", arg);
    if (eq == arg)
        return mktows_cli_usage_error(S_CMD, "--attr needs a non-empty name before '=', got '%s'", arg);
    mktows_lead_attribute *grown = realloc(a->attrs, (a->attr_count + 1) * sizeof *grown);
    if (!grown) {
        mktows_cli_error(S_CMD, "out of memory");
        return MKTOWS_CLI_EXIT_ERROR;
    }
    a->attrs = grown;
    char *name = strndup(arg, (size_t)(eq - arg));
    if (!name) {
        mktows_cli_error(S_CMD, "out of memory");
        return MKTOWS_CLI_EXIT_ERROR;
    }
    a->attrs[a->attr_count].name = name;
    a->attrs[a->attr_count].value = eq + 1;
    a->attrs[a->attr_count].type = NULL;
    a->attr_count++;
    return MKTOWS_CLI_EXIT_OK;
}

/* In s_parse: an empty option value is a usage error. */
#define S_NONEMPTY(opt, v) \
    do { \
        if (!*(v)) \
            return mktows_cli_usage_error(S_CMD, "--%s is empty", (opt)); \
    } while (0)

/* Parse argv into @p a. Returns -1 to continue, or an exit status (help printed, usage error). */
static int s_parse(s_args *a, int argc, char **argv)
{
    mktows_cli_parser p;
    mktows_cli_parser_init_doc(&p, argc, argv, &s_doc);
    const char *v;
    int id;
    while ((id = mktows_cli_next(&p, &v)) > 0) {
        switch (id) {
        case S_OPT_EMAIL:
            S_NONEMPTY("email", v);
            a->req.email = v;
            break;
        case S_OPT_ID:
            if (mktows_cli_parse_positive_int(v, &a->req.id) != 0)
                return mktows_cli_usage_error(S_CMD, "--id must be a positive integer (1 to 2147483647), "
                                              "got '%s'", v);
            break;
        case S_OPT_FOREIGN_ID:
            S_NONEMPTY("foreign-id", v);
            a->req.foreign_sys_person_id = v;
            break;
        case S_OPT_FOREIGN_TYPE:
            a->req.foreign_sys_type = v;
            break;
        case S_OPT_COOKIE:
            S_NONEMPTY("cookie", v);
            a->req.marketo_cookie = v;
            break;
        case S_OPT_ATTR: {
            int st = s_add_attr(a, v);
            if (st != MKTOWS_CLI_EXIT_OK)
                return st;
            break;
        }
        case S_OPT_WORKSPACE:
            S_NONEMPTY("workspace", v);
            a->workspace = v;
            break;
        case S_OPT_RETURN_LEAD:
            a->req.return_lead = 1;
            break;
        case S_OPT_DRY_RUN:
            a->dry_run = 1;
            break;
        default: {
            int st = mktows_cli_common_option(S_CMD, &a->common, id, v);
            if (st != 0)
                return st < 0 ? MKTOWS_CLI_EXIT_USAGE : st;
            break;
        }
        }
    }
    if (id == MKTOWS_CLI_OPT_STOP)
        return p.exit_status;
    a->req.attrs = a->attrs;
    a->req.attr_count = a->attr_count;
    return -1;
}

/* ---- output ---- */

/* Print the response's result element (ResultSyncLead) as one line of JSON, decoded by the library
 * from the raw body of the response just received (mktows_decode_json(), unwrapped): keys and
 * shape exactly as on the wire, absent elements left out and xsi:nil as null. Leniently, as the
 * typed call read it: an element the schema does not know (a newer service, a proxy) is left out
 * of the JSON, with "mktows: sync-lead: warning: skipped unknown element ..." on stderr.
 * Returns 0, or -1 with the reason it cannot be printed in @p why (the caller reports it: what to
 * say depends on whether the sync itself succeeded). */
static int s_print_result(const mktows_client *client, char *why, size_t why_size)
{
    const char *xml = NULL;
    size_t len = 0;
    char *json = NULL;
    char err[1024], line[1024];
    mktows_code rc = mktows_client_last_response(client, &xml, &len);
    if (rc != MKTOWS_OK) {
        snprintf(why, why_size, "the response was not kept: %s", mktows_strerror(rc));
        return -1;
    }
    rc = mktows_decode_json("syncLead", xml, len, MKTOWS_DECODE_UNWRAP | MKTOWS_DECODE_LENIENT, &json, err,
                            sizeof err);
    if (rc != MKTOWS_OK) {
        snprintf(why, why_size, "%s: %s", mktows_strerror(rc), mktows_cli_one_line(line, sizeof line, err));
        mktows_free(json);
        return -1;
    }
    puts(json);
    mktows_free(json);
    if (err[0])
        mktows_cli_warning_in(S_CMD, "%s", mktows_cli_one_line(line, sizeof line, err));
    return 0;
}

/* "mktows: syncLead failed: ..." for a failed call. A Marketo fault reads
 * "Marketo error 20014: Authentication failed (<the service's message>)": the code, Marketo's
 * standard text for it, and what the service said when that adds anything. */
static void s_report_call_error(const mktows_client *client, mktows_code rc)
{
    char detail[512];
    mktows_cli_one_line(detail, sizeof detail, mktows_client_errmsg(client));
    int mkto = mktows_client_marketo_code(client);
    if (mkto) {
        /* What the service said, from the fault's serviceException/message. */
        const char *message = "";
        if (mktows_client_marketo_message(client))
            message = mktows_cli_one_line(detail, sizeof detail, mktows_client_marketo_message(client));
        char fault_string[512];
        if (!*message && mktows_client_fault_string(client))
            message = mktows_cli_one_line(fault_string, sizeof fault_string, mktows_client_fault_string(client));
        const char *text = mktows_marketo_message(mktows_code_from_marketo(mkto));
        if (!text || strncmp(message, text, strlen(text)) == 0)
            mktows_cli_error("syncLead failed", "Marketo error %d: %s", mkto, *message ? message : (text ? text : "?"));
        else if (*message)
            mktows_cli_error("syncLead failed", "Marketo error %d: %s (%s)", mkto, text, message);
        else
            mktows_cli_error("syncLead failed", "Marketo error %d: %s", mkto, text);
        return;
    }
    const char *what = mktows_strerror(rc);
    if (!*detail)
        mktows_cli_error("syncLead failed", "%s", what);
    else if (strncmp(detail, what, strlen(what)) == 0)  /* "TLS error: ..." says it already */
        mktows_cli_error("syncLead failed", "%s", detail);
    else
        mktows_cli_error("syncLead failed", "%s: %s", what, detail);
}

static int s_run(s_args *a)
{
    char why[256] = "", why_line[256];
    if (mktows_sync_lead_validate(&a->req, why, sizeof why) != MKTOWS_OK)
        return mktows_cli_usage_error(S_CMD, "invalid request: %s",
                                      *why ? mktows_cli_one_line(why_line, sizeof why_line, why)
                                           : "rejected by validation");

    mktows_cli_settings settings;
    if (mktows_cli_settings_load(S_CMD, &a->common, MKTOWS_CLI_NEED_ALL, &settings) != 0) {
        mktows_cli_settings_clean_up(&settings);
        return MKTOWS_CLI_EXIT_ERROR;
    }

    int status = MKTOWS_CLI_EXIT_ERROR;
    mktows_cli_trace *trace = NULL;
    mktows_client *client = NULL;
    char *xml = NULL;
    mktows_sync_lead_result *result = NULL;

    /* The library can only say "TLS error" for an unusable CA location: name it here. */
    if (settings.ca_file && access(settings.ca_file, R_OK) != 0) {
        mktows_cli_error(S_CMD, "cannot read %s '%s': %s", a->common.ca_file ? "--ca-file" : "the profile's ca_file",
                         settings.ca_file, strerror(errno));
        goto out;
    }
    if (settings.ca_path && access(settings.ca_path, R_OK | X_OK) != 0) {
        mktows_cli_error(S_CMD, "cannot read --ca-path '%s': %s", settings.ca_path, strerror(errno));
        goto out;
    }

    if (a->common.trace && !a->dry_run && mktows_cli_trace_open(S_CMD, a->common.trace, &trace) != 0)
        goto out;
    if (settings.insecure && !a->dry_run)
        mktows_cli_warning("--insecure: the server's TLS certificate and host name are NOT verified");

    mktows_client_options opts = MKTOWS_CLIENT_OPTIONS_INIT;
    opts.endpoint = settings.endpoint;
    opts.user_id = settings.user_id;
    opts.encryption_key = settings.key;
    opts.workspace = a->workspace ? a->workspace : settings.workspace;
    opts.connect_timeout_ms = settings.timeout_ms;
    opts.send_timeout_ms = settings.timeout_ms;
    opts.recv_timeout_ms = settings.timeout_ms;
    opts.call_timeout_ms = settings.timeout_ms; /* --timeout-ms bounds the whole call */
    opts.ca_file = settings.ca_file;
    opts.ca_path = settings.ca_path;
    opts.tls_no_verify_peer = settings.insecure;
    opts.tls_no_verify_host = settings.insecure;
    mktows_cli_trace_attach(trace, &opts);

    mktows_code rc = mktows_client_new(&opts, &client);
    if (rc != MKTOWS_OK) {
        if (rc == MKTOWS_ERR_INVALID_ARGUMENT)
            mktows_cli_error(S_CMD, "cannot create the client: %s (is the endpoint an http:// or "
                                    "https:// URL?)", mktows_strerror(rc));
        else
            mktows_cli_error(S_CMD, "cannot create the client: %s", mktows_strerror(rc));
        goto out;
    }

    if (a->dry_run) {
        rc = mktows_sync_lead_render(client, &a->req, &xml);
        if (rc != MKTOWS_OK) {
            char detail[512];
            mktows_cli_one_line(detail, sizeof detail, mktows_client_errmsg(client));
            if (*detail)
                mktows_cli_error(S_CMD, "cannot render the request: %s: %s", mktows_strerror(rc), detail);
            else
                mktows_cli_error(S_CMD, "cannot render the request: %s", mktows_strerror(rc));
            status = rc == MKTOWS_ERR_VALIDATION ? MKTOWS_CLI_EXIT_USAGE : MKTOWS_CLI_EXIT_ERROR;
            goto out;
        }
        size_t len = strlen(xml);
        fwrite(xml, 1, len, stdout);
        if (len == 0 || xml[len - 1] != '\n')
            fputc('\n', stdout);
        status = MKTOWS_CLI_EXIT_OK;
        goto out;
    }

    rc = mktows_sync_lead(client, &a->req, &result);
    if (rc != MKTOWS_OK) {
        s_report_call_error(client, rc);
        status = rc == MKTOWS_ERR_VALIDATION ? MKTOWS_CLI_EXIT_USAGE : MKTOWS_CLI_EXIT_ERROR;
        goto out;
    }
    char why_print[1536];
    int printed = s_print_result(client, why_print, sizeof why_print) == 0;
    if (result->status == MKTOWS_SYNC_FAILED) {
        char error_line[512];
        if (!printed)
            mktows_cli_error(S_CMD, "cannot print the result: %s", why_print);
        mktows_cli_one_line(error_line, sizeof error_line, result->error);
        mktows_cli_error("syncLead failed", "status FAILED%s%s", *error_line ? ": " : "", error_line);
        status = MKTOWS_CLI_EXIT_ERROR;
    } else if (printed) {
        status = MKTOWS_CLI_EXIT_OK;
    } else {
        /* The write happened: say so first, with what the typed result knows, so that nobody
         * retries it blindly. Not expected: gSOAP accepted the body, and the decoder is lenient. */
        mktows_cli_error(S_CMD, "the sync succeeded (leadId %d, status %s), but its result cannot be printed: %s",
                         result->lead_id, mktows_sync_status_name(result->status), why_print);
        status = MKTOWS_CLI_EXIT_ERROR;
    }

out:
    mktows_sync_lead_result_free(result);
    if (xml)
        mktows_free(xml);
    mktows_client_free(client);
    if (mktows_cli_trace_close(S_CMD, trace) != 0 && status == MKTOWS_CLI_EXIT_OK)
        status = MKTOWS_CLI_EXIT_ERROR;
    mktows_cli_settings_clean_up(&settings);
    return mktows_cli_finish_stdout(status);
}

int mktows_cli_cmd_sync_lead(int argc, char **argv)
{
    s_args a;
    memset(&a, 0, sizeof a);
    mktows_sync_lead_request init = MKTOWS_SYNC_LEAD_REQUEST_INIT;
    a.req = init;

    int status = s_parse(&a, argc, argv);
    if (status < 0)
        status = s_run(&a);
    s_args_clean_up(&a);
    return status;
}
