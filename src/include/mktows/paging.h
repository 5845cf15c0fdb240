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
 *     mktows_get_multiple_leads_pager(client, &params, &pager);
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
#include <mktows/export.h>
#include <mktows/ops.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A pager (opaque). Created by one of the mktows_<operation>_pager() functions. */
typedef struct mktows_pager mktows_pager;

/* For each operation of MKTOWS_IFACE_PAGED (gen/mktows_iface.h; today getMultipleLeads,
 * getLeadChanges, getLeadActivity, getCustomObjects and getMObjects):
 *
 * mktows_<operation>_pager(client, params, &out): a pager over that operation. @p out receives
 *     it; caller frees with mktows_pager_free(). @p params is the request of every page (borrowed
 *     for the life of the pager); its position member, when set, is where the first page starts.
 *     MKTOWS_OK, MKTOWS_ERR_NO_MEMORY, or MKTOWS_ERR_INVALID_ARGUMENT when the WSDL gives the
 *     position a type the pager does not know (neither a string nor a StreamPosition).
 *
 * mktows_<operation>_next(pager, &page): fetch the next page. @p page receives it (borrowed: valid
 *     until the next call on the client), or NULL when the stream has ended (the return value is
 *     then MKTOWS_OK). MKTOWS_OK; any error of the typed call (the pager stays where it was, so
 *     next() may be retried); MKTOWS_ERR_PARSE when the service says there is more but returns no
 *     new position, or the same position again; MKTOWS_ERR_INVALID_ARGUMENT when @p pager is a
 *     pager of another operation.
 */
#define MKTOWS_PAGING_DECLARE_(op, fn, REQ, RESP, result, position, new_position, more, more_is_count, records) \
    MKTOWS_EXTERN mktows_code mktows_##fn##_pager(mktows_client *client, const struct REQ *params,             \
                                                  mktows_pager **out);                                       \
    MKTOWS_EXTERN mktows_code mktows_##fn##_next(mktows_pager *pager, struct RESP **page);
MKTOWS_IFACE_PAGED(MKTOWS_PAGING_DECLARE_)
#undef MKTOWS_PAGING_DECLARE_

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
