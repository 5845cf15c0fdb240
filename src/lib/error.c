/* mktows_strerror() and the Marketo error-code table. */
#include <mktows/error.h>

#include <stddef.h>

const char *mktows_strerror(mktows_code code)
{
    /* No default: -Wswitch flags a code added to the enum and missing here. */
    switch (code) {
    case MKTOWS_OK: return "success";
    case MKTOWS_ERR_INVALID_ARGUMENT: return "invalid argument";
    case MKTOWS_ERR_NO_MEMORY: return "out of memory";
    case MKTOWS_ERR_VALIDATION: return "request failed validation";
    case MKTOWS_ERR_CONNECT: return "could not connect to the endpoint";
    case MKTOWS_ERR_TRANSPORT: return "connection failed while sending or receiving";
    case MKTOWS_ERR_TIMEOUT: return "timed out";
    case MKTOWS_ERR_TLS: return "TLS error";
    case MKTOWS_ERR_HTTP: return "HTTP error status";
    case MKTOWS_ERR_PARSE: return "malformed or unexpected response";
    case MKTOWS_ERR_FAULT: return "SOAP fault";
    case MKTOWS_ERR_SERVICE: return "Marketo service error";
    case MKTOWS_ERR_CRYPTO: return "signature computation failed";
    case MKTOWS_ERR_IO: return "file I/O error";
    case MKTOWS_ERR_LIMIT: return "the response went past a limit of the client";
    case MKTOWS_ERR_PROTOCOL: return "the server broke the HTTP protocol";
    case MKTOWS_ERR_INTERFACE_MISMATCH:
        return "the program was built against other generated bindings or another major version than this "
               "libmktows: rebuild it against this library's headers";
    case MKTOWS_MKTO_INTERNAL_SEVERE:
    case MKTOWS_MKTO_INTERNAL:
    case MKTOWS_MKTO_REQUEST_NOT_UNDERSTOOD:
    case MKTOWS_MKTO_ACCESS_DENIED:
    case MKTOWS_MKTO_AUTH_FAILED:
    case MKTOWS_MKTO_REQUEST_LIMIT:
    case MKTOWS_MKTO_REQUEST_EXPIRED:
    case MKTOWS_MKTO_INVALID_REQUEST:
    case MKTOWS_MKTO_UNSUPPORTED_OPERATION:
    case MKTOWS_MKTO_TIME_RANGE_EXCEEDED:
    case MKTOWS_MKTO_RATE_LIMIT:
    case MKTOWS_MKTO_CONCURRENCY_LIMIT:
    case MKTOWS_MKTO_LEAD_KEY_REQUIRED:
    case MKTOWS_MKTO_LEAD_KEY_BAD:
    case MKTOWS_MKTO_LEAD_NOT_FOUND:
    case MKTOWS_MKTO_LEAD_DETAIL_REQUIRED:
    case MKTOWS_MKTO_LEAD_ATTRIBUTE_BAD:
    case MKTOWS_MKTO_LEAD_SYNC_FAILED:
    case MKTOWS_MKTO_ACTIVITY_KEY_BAD:
    case MKTOWS_MKTO_LEAD_OWNER_NOT_FOUND:
    case MKTOWS_MKTO_PARAMETER_REQUIRED:
    case MKTOWS_MKTO_BAD_PARAMETER:
    case MKTOWS_MKTO_LIST_NOT_FOUND:
    case MKTOWS_MKTO_CAMPAIGN_NOT_FOUND:
    case MKTOWS_MKTO_BAD_PARAMETER_VALUE:
    case MKTOWS_MKTO_BAD_STREAM_POSITION:
    case MKTOWS_MKTO_STREAM_AT_END:
        return mktows_marketo_message(code);
    }
    return "unknown error code";
}

const char *mktows_marketo_message(mktows_code code)
{
    switch (code) {
    case MKTOWS_MKTO_INTERNAL_SEVERE: return "Internal Error";
    case MKTOWS_MKTO_INTERNAL: return "Internal Error";
    case MKTOWS_MKTO_REQUEST_NOT_UNDERSTOOD: return "Request Not Understood";
    case MKTOWS_MKTO_ACCESS_DENIED: return "Access Denied";
    case MKTOWS_MKTO_AUTH_FAILED: return "Authentication failed";
    case MKTOWS_MKTO_REQUEST_LIMIT: return "Request Limit Exceeded";
    case MKTOWS_MKTO_REQUEST_EXPIRED: return "Request Expired";
    case MKTOWS_MKTO_INVALID_REQUEST: return "Invalid Request";
    case MKTOWS_MKTO_UNSUPPORTED_OPERATION: return "Unsupported Operation";
    case MKTOWS_MKTO_TIME_RANGE_EXCEEDED: return "Time range specified in query filter exceeded limit";
    case MKTOWS_MKTO_RATE_LIMIT: return "Rate Limit Exceeded";
    case MKTOWS_MKTO_CONCURRENCY_LIMIT: return "Concurrency Limit Exceeded";
    case MKTOWS_MKTO_LEAD_KEY_REQUIRED: return "Lead Key Required";
    case MKTOWS_MKTO_LEAD_KEY_BAD: return "Lead Key Bad";
    case MKTOWS_MKTO_LEAD_NOT_FOUND: return "Lead Not Found";
    case MKTOWS_MKTO_LEAD_DETAIL_REQUIRED: return "Lead Detail Required";
    case MKTOWS_MKTO_LEAD_ATTRIBUTE_BAD: return "Lead Attribute Bad";
    case MKTOWS_MKTO_LEAD_SYNC_FAILED: return "Lead Sync Failed";
    case MKTOWS_MKTO_ACTIVITY_KEY_BAD: return "Activity Key Bad";
    case MKTOWS_MKTO_LEAD_OWNER_NOT_FOUND: return "Lead Owner Not Found";
    case MKTOWS_MKTO_PARAMETER_REQUIRED: return "Parameter Required";
    case MKTOWS_MKTO_BAD_PARAMETER: return "Bad Parameter";
    case MKTOWS_MKTO_LIST_NOT_FOUND: return "List Not Found";
    case MKTOWS_MKTO_CAMPAIGN_NOT_FOUND: return "Campaign Not Found";
    case MKTOWS_MKTO_BAD_PARAMETER_VALUE: return "Bad Parameter";
    case MKTOWS_MKTO_BAD_STREAM_POSITION: return "Bad Stream Position";
    case MKTOWS_MKTO_STREAM_AT_END: return "Stream at End";
    default: return NULL;
    }
}

mktows_code mktows_code_from_marketo(int marketo_code)
{
    mktows_code c = (mktows_code)marketo_code;
    if (marketo_code >= 10000 && mktows_marketo_message(c) != NULL)
        return c;
    return MKTOWS_ERR_SERVICE;
}
