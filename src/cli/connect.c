/* See connect.h. */
#include "connect.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int mktows_cli_connect(const char *command, const mktows_cli_common *common, const char *workspace, int dry_run,
                       mktows_cli_settings *settings, mktows_cli_trace **trace, mktows_client **out)
{
    *trace = NULL;
    *out = NULL;
    if (mktows_cli_settings_load(command, common, MKTOWS_CLI_NEED_ALL, settings) != 0)
        return MKTOWS_CLI_EXIT_ERROR;
    if (settings->ca_file && access(settings->ca_file, R_OK) != 0) {
        mktows_cli_error(command, "cannot read %s '%s': %s", common->ca_file ? "--ca-file" : "the profile's ca_file",
                         settings->ca_file, strerror(errno));
        return MKTOWS_CLI_EXIT_ERROR;
    }
    if (settings->ca_path && access(settings->ca_path, R_OK | X_OK) != 0) {
        mktows_cli_error(command, "cannot read --ca-path '%s': %s", settings->ca_path, strerror(errno));
        return MKTOWS_CLI_EXIT_ERROR;
    }
    if (common->trace && !dry_run && mktows_cli_trace_open(command, common->trace, trace) != 0)
        return MKTOWS_CLI_EXIT_ERROR;
    if (settings->insecure && !dry_run)
        mktows_cli_warning("--insecure: the server's TLS certificate and host name are NOT verified");
    mktows_client_options opts = MKTOWS_CLIENT_OPTIONS_INIT;
    opts.endpoint = settings->endpoint;
    opts.user_id = settings->user_id;
    opts.encryption_key = settings->key;
    opts.workspace = workspace ? workspace : settings->workspace;
    opts.connect_timeout_ms = settings->timeout_ms;
    opts.send_timeout_ms = settings->timeout_ms;
    opts.recv_timeout_ms = settings->timeout_ms;
    opts.call_timeout_ms = settings->timeout_ms; /* --timeout-ms bounds the whole call */
    opts.ca_file = settings->ca_file;
    opts.ca_path = settings->ca_path;
    opts.tls_no_verify_peer = settings->insecure;
    opts.tls_no_verify_host = settings->insecure;
    mktows_cli_trace_attach(*trace, &opts);
    mktows_code rc = mktows_client_new(&opts, out);
    if (rc != MKTOWS_OK) {
        mktows_cli_error(command, "cannot create the client: %s%s", mktows_strerror(rc),
                         rc == MKTOWS_ERR_INVALID_ARGUMENT ? " (is the endpoint an http:// or https:// URL?)" : "");
        *out = NULL;
        return MKTOWS_CLI_EXIT_ERROR;
    }
    return 0;
}
