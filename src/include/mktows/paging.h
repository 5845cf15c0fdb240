/**
 * @file mktows/paging.h
 * @brief Pagers for the operations that page with a stream position: getMultipleLeads,
 *        getLeadChanges, getLeadActivity, getCustomObjects and getMObjects.
 *
 * A pager sends the caller's params again and again, each time with the position the previous
 * response returned (newStreamPosition, or newStartPosition for the StreamPosition operations),
 * until the stream ends: remainingCount 0 (hasMore false for getMObjects), or a Marketo
 * "Stream at End" fault (20123).
 *
 *     mktows_pager *pager;
 *     struct mkt__SuccessGetMultipleLeads *page;
 *     mktows_get_multiple_leads_pager(&pager, client, &params);
 *     while (mktows_get_multiple_leads_next(pager, &page) == MKTOWS_OK && page)
 *         ... page->result->leadRecordList ...
 *     mktows_pager_free(pager);
 *
 * Stopping and resuming: mktows_pager_position() is the position of the next page as a string the
 * caller can store; a new pager given the same params and mktows_pager_set_position() continues
 * from there (in another process too). For getMultipleLeads, getCustomObjects and getMObjects the
 * string is the service's streamPosition itself; for getLeadChanges and getLeadActivity it encodes
 * the StreamPosition (see mktows_pager_position()).
 *
 * Ownership: the params (and what they point to) are borrowed for the life of the pager; each page
 * is borrowed from the client and valid until the next call on it (keep it with the operation's
 * _keep()). A pager belongs to one client; do not interleave other calls between next() and the use
 * of its page.
 */
#ifndef MKTOWS_PAGING_H
#define MKTOWS_PAGING_H

#include <mktows/export.h>
#include <mktows/client.h>
#include <mktows/error.h>
#include "soapH.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A pager (opaque). Created by one of the mktows_<operation>_pager() functions. */
typedef struct mktows_pager mktows_pager;

/**
 * @brief A pager over getMultipleLeads (streamPosition / newStreamPosition, remainingCount).
 * @param out     receives the pager; caller frees with mktows_pager_free().
 * @param params  the request of every page (borrowed for the life of the pager); its
 *                streamPosition, when set, is where the first page starts.
 * @return MKTOWS_OK or MKTOWS_ERR_NO_MEMORY.
 */
MKTOWS_EXTERN mktows_code mktows_get_multiple_leads_pager(mktows_pager **out, mktows_client *client,
                                                          const struct mkt__ParamsGetMultipleLeads *params);
/** @brief A pager over getLeadChanges (startPosition / newStartPosition, remainingCount). */
MKTOWS_EXTERN mktows_code mktows_get_lead_changes_pager(mktows_pager **out, mktows_client *client,
                                                        const struct mkt__ParamsGetLeadChanges *params);
/** @brief A pager over getLeadActivity (startPosition / newStartPosition, remainingCount). */
MKTOWS_EXTERN mktows_code mktows_get_lead_activity_pager(mktows_pager **out, mktows_client *client,
                                                         const struct mkt__ParamsGetLeadActivity *params);
/** @brief A pager over getCustomObjects (streamPosition / newStreamPosition, remainingCount). */
MKTOWS_EXTERN mktows_code mktows_get_custom_objects_pager(mktows_pager **out, mktows_client *client,
                                                          const struct mkt__ParamsGetCustomObjects *params);
/** @brief A pager over getMObjects (streamPosition / newStreamPosition, hasMore). */
MKTOWS_EXTERN mktows_code mktows_get_mobjects_pager(mktows_pager **out, mktows_client *client,
                                                    const struct mkt__ParamsGetMObjects *params);

/**
 * @brief Fetch the next page.
 * @param page  receives the page (borrowed: valid until the next call on the client), or NULL
 *              when the stream has ended (the return value is then MKTOWS_OK).
 * @return MKTOWS_OK; any error of the typed call (the pager stays where it was, so next() may be
 *         retried); MKTOWS_ERR_PARSE when the service says there is more but returns no new
 *         position, or the same position again; MKTOWS_ERR_INVALID_ARGUMENT when @p pager is not
 *         a pager of this operation.
 */
MKTOWS_EXTERN mktows_code mktows_get_multiple_leads_next(mktows_pager *pager,
                                                         struct mkt__SuccessGetMultipleLeads **page);
/** @brief Next page of getLeadChanges; see mktows_get_multiple_leads_next(). */
MKTOWS_EXTERN mktows_code mktows_get_lead_changes_next(mktows_pager *pager, struct mkt__SuccessGetLeadChanges **page);
/** @brief Next page of getLeadActivity; see mktows_get_multiple_leads_next(). */
MKTOWS_EXTERN mktows_code mktows_get_lead_activity_next(mktows_pager *pager, struct mkt__SuccessGetLeadActivity **page);
/** @brief Next page of getCustomObjects; see mktows_get_multiple_leads_next(). */
MKTOWS_EXTERN mktows_code mktows_get_custom_objects_next(mktows_pager *pager,
                                                         struct mkt__SuccessGetCustomObjects **page);
/** @brief Next page of getMObjects; see mktows_get_multiple_leads_next(). */
MKTOWS_EXTERN mktows_code mktows_get_mobjects_next(mktows_pager *pager, struct mkt__SuccessGetMObjects **page);

/**
 * @brief The position the next page starts from, as a string to save, or NULL when there is none
 *        yet (the first page starts from the params). For getLeadChanges / getLeadActivity it reads
 *        "sp1|latestCreatedAt|oldestCreatedAt|activityCreatedAt|offset", dates as W3C date-times in
 *        UTC or empty when absent.
 * @return borrowed: valid until the next call on the pager.
 */
MKTOWS_EXTERN const char *mktows_pager_position(const mktows_pager *pager);

/**
 * @brief Continue from a position saved with mktows_pager_position(); NULL goes back to the params'
 *        own position. Clears the end-of-stream state.
 * @return MKTOWS_OK, MKTOWS_ERR_INVALID_ARGUMENT (a StreamPosition string that does not parse),
 *         MKTOWS_ERR_NO_MEMORY.
 */
MKTOWS_EXTERN mktows_code mktows_pager_set_position(mktows_pager *pager, const char *position);

/** @brief 1 once the stream has ended (next() returns a NULL page), else 0. */
MKTOWS_EXTERN int mktows_pager_done(const mktows_pager *pager);
/** @brief remainingCount of the last page (-1 before the first page and for getMObjects). */
MKTOWS_EXTERN int mktows_pager_remaining(const mktows_pager *pager);
/** @brief Number of pages fetched so far. */
MKTOWS_EXTERN int mktows_pager_pages(const mktows_pager *pager);
/** @brief Free a pager (not the params, not the pages). NULL is a no-op. */
MKTOWS_EXTERN void mktows_pager_free(mktows_pager *pager);

#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_PAGING_H */
