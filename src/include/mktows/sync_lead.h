/**
 * @file mktows/sync_lead.h
 * @brief syncLead convenience: create or update one lead from its keys and attributes.
 */
#ifndef MKTOWS_SYNC_LEAD_H
#define MKTOWS_SYNC_LEAD_H

#include <stddef.h>
#include <mktows/export.h>
#include <mktows/client.h>
#include <mktows/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A lead attribute: name/value pair (LeadRecord/leadAttributeList/attribute). */
typedef struct mktows_lead_attribute {
    const char *name;   /**< attrName, e.g. "FirstName" */
    const char *value;  /**< attrValue */
    const char *type;   /**< attrType: NULL when absent (responses may carry it; requests rarely do) */
} mktows_lead_attribute;

/** syncLead status (SyncStatus/status, enum LeadSyncStatus). */
typedef enum mktows_sync_status {
    MKTOWS_SYNC_CREATED = 0, /**< a new lead was created */
    MKTOWS_SYNC_UPDATED = 1, /**< an existing lead was updated */
    MKTOWS_SYNC_FAILED = 2   /**< the sync failed; see mktows_sync_lead_result::error */
} mktows_sync_status;

/** @brief "CREATED", "UPDATED" or "FAILED" (a static string; "UNKNOWN" for other values). */
MKTOWS_EXTERN const char *mktows_sync_status_name(mktows_sync_status status);

/** Version of ::mktows_sync_lead_request this header describes. */
#define MKTOWS_SYNC_LEAD_REQUEST_VERSION 1

/**
 * A syncLead request. Initialise with MKTOWS_SYNC_LEAD_REQUEST_INIT. All strings are borrowed for
 * the duration of the call. Validated before any traffic (syncLead page's request table):
 *  - one of id / email / foreign_sys_person_id is required;
 *  - foreign_sys_type is one of CUSTOM, SFDC, NETSUITE; it is required when foreign_sys_person_id is
 *    set and only allowed then;
 *  - every attribute has a non-empty name and a non-NULL value.
 */
typedef struct mktows_sync_lead_request {
    int version;                       /**< MKTOWS_SYNC_LEAD_REQUEST_VERSION */
    int id;                            /**< Marketo lead Id; 0 = not sent */
    const char *email;                 /**< Email; NULL = not sent */
    const char *foreign_sys_person_id; /**< ForeignSysPersonId; NULL = not sent */
    const char *foreign_sys_type;      /**< ForeignSysType: "CUSTOM" | "SFDC" | "NETSUITE"; required with foreign_sys_person_id, NULL otherwise */
    const char *marketo_cookie;        /**< marketoCookie (Munchkin cookie); NULL = not sent */
    const mktows_lead_attribute *attrs;          /**< leadAttributeList; may be NULL when attr_count is 0 */
    size_t attr_count;                 /**< number of entries in attrs */
    int return_lead;                   /**< returnLead: 1 = return the full lead record */
} mktows_sync_lead_request;

/** Initialiser for ::mktows_sync_lead_request: current version, no keys, no attributes, returnLead false.
 *  Designated, so members can be added anywhere (C99; from C++ it needs C++20). */
#define MKTOWS_SYNC_LEAD_REQUEST_INIT { .version = MKTOWS_SYNC_LEAD_REQUEST_VERSION }

/** A lead record returned by the service. Every string is owned by the enclosing result. */
typedef struct mktows_lead {
    int id;                         /**< Id; 0 when absent */
    char *email;                    /**< NULL when absent or nil */
    char *foreign_sys_person_id;    /**< NULL when absent or nil */
    char *foreign_sys_type;         /**< NULL when absent or nil */
    mktows_lead_attribute *attrs;             /**< leadAttributeList (strings owned by the result) */
    size_t attr_count;              /**< number of entries in attrs */
} mktows_lead;

/** The result of syncLead (ResultSyncLead). Caller frees with mktows_sync_lead_result_free(). */
typedef struct mktows_sync_lead_result {
    int lead_id;                    /**< result/leadId */
    mktows_sync_status status;      /**< result/syncStatus/status */
    char *error;                    /**< result/syncStatus/error; NULL when absent or nil */
    mktows_lead *lead;              /**< result/leadRecord; NULL when absent or nil (returnLead false) */
} mktows_sync_lead_result;

/**
 * @brief Check @p req against the syncLead request rules without sending anything.
 * @param errbuf  optional buffer for a one-line reason ("one of Id, Email or ForeignSysPersonId is required").
 * @return MKTOWS_OK or MKTOWS_ERR_VALIDATION.
 */
MKTOWS_EXTERN mktows_code mktows_sync_lead_validate(const mktows_sync_lead_request *req, char *errbuf,
                                                    size_t errbuf_len);

/**
 * @brief Create or update one lead (syncLead), signed, with the workspace header when the client has one.
 * @param out  receives the result on MKTOWS_OK; caller frees with mktows_sync_lead_result_free().
 * @return MKTOWS_OK; MKTOWS_ERR_VALIDATION before any traffic; transport, TLS, HTTP, parse and fault
 *         codes as mapped by the client (a Marketo fault returns its MKTOWS_MKTO_* code). Detail via
 *         mktows_client_errmsg() and friends.
 */
MKTOWS_EXTERN mktows_code mktows_sync_lead(mktows_client *client, const mktows_sync_lead_request *req,
                                           mktows_sync_lead_result **out);

/**
 * @brief The exact signed SOAP envelope that mktows_sync_lead() would send for @p req, without
 *        sending anything (validation still applies).
 * @param out_xml  receives a NUL-terminated string; caller frees with mktows_free().
 */
MKTOWS_EXTERN mktows_code mktows_sync_lead_render(mktows_client *client, const mktows_sync_lead_request *req,
                                                  char **out_xml);

/** @brief Free a result from mktows_sync_lead(). NULL is a no-op. */
MKTOWS_EXTERN void mktows_sync_lead_result_free(mktows_sync_lead_result *result);

/** @brief Free memory the library handed to the caller (e.g. from mktows_sync_lead_render()). */
MKTOWS_EXTERN void mktows_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_SYNC_LEAD_H */
