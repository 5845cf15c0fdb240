/**
 * @file mktows/build.h
 * @brief Builders for the common parts of mktows requests: the three leadSelector kinds, lead keys,
 *        list keys, activity type filters, string arrays and campaign tokens.
 *
 * Every builder is named after what it builds, as mktows_<generated type>_init() (the aws-c
 * "_init" of caller storage): mktows_lead_key_init() fills a struct mkt__LeadKey,
 * mktows_attribute_init() a struct mkt__Attribute (attrName / attrValue), mktows_attrib_init() a
 * struct mkt__Attrib (name / value, e.g. a campaign token), mktows_<type>_array_init() an
 * ArrayOf<type>; the selector and filter helpers are mktows_lead_selector_init_<kind>() and
 * mktows_activity_filter_init_types().
 *
 * Builders use caller storage only: they fill the struct you pass and return a pointer into it, so
 * there is nothing to free. Strings and arrays you pass are borrowed: they must outlive the call
 * that sends the request. Enum names are the XML values the interface sheet lists ("EMAIL",
 * "ADDTOLIST", "VisitWebpage", ...).
 */
#ifndef MKTOWS_BUILD_H
#define MKTOWS_BUILD_H

#include <stddef.h>
#include <time.h>

#include <mktows/export.h>
#include <mktows/error.h>
#include "soapH.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- names of enum values (the XML values) ---- */

/** @brief LeadKeyRef from its name ("IDNUM", "COOKIE", "EMAIL", "SFDCLEADID", ...).
 *  @return MKTOWS_OK or MKTOWS_ERR_INVALID_ARGUMENT for an unknown name. */
MKTOWS_EXTERN mktows_code mktows_lead_key_type_from_name(const char *name, enum mkt__LeadKeyRef *out);
/** @brief ActivityType from its name ("VisitWebpage", "ChangeDataValue", "NewLead", ...).
 *  @return MKTOWS_OK or MKTOWS_ERR_INVALID_ARGUMENT for an unknown name. */
MKTOWS_EXTERN mktows_code mktows_activity_type_from_name(const char *name, enum mkt__ActivityType *out);
/** @brief ListKeyType from its name ("MKTOLISTNAME", "MKTOSALESUSERID", "SFDCLEADOWNERID"). */
MKTOWS_EXTERN mktows_code mktows_list_key_type_from_name(const char *name, enum mkt__ListKeyType *out);
/** @brief ListOperationType from its name ("ADDTOLIST", "ISMEMBEROFLIST", "REMOVEFROMLIST"). */
MKTOWS_EXTERN mktows_code mktows_list_operation_from_name(const char *name, enum mkt__ListOperationType *out);
/** @brief The XML name of an ActivityType value ("VisitWebpage"), or NULL when out of range. Static. */
MKTOWS_EXTERN const char *mktows_activity_type_name(enum mkt__ActivityType type);

/* ---- keys ---- */

/** @brief Fill @p key (LeadKey: keyType, keyValue). @p value is borrowed. @return @p key. */
MKTOWS_EXTERN struct mkt__LeadKey *mktows_lead_key_init(struct mkt__LeadKey *key, enum mkt__LeadKeyRef type,
                                                        const char *value);
/** @brief Wrap @p count lead keys as an ArrayOfLeadKey (listMemberList, leadList). @return @p arr. */
MKTOWS_EXTERN struct mkt__ArrayOfLeadKey *mktows_lead_key_array_init(struct mkt__ArrayOfLeadKey *arr,
                                                                     struct mkt__LeadKey *keys, int count);
/** @brief Fill @p key (ListKey: keyType, keyValue), e.g. MKTOLISTNAME "Trade Show". @return @p key. */
MKTOWS_EXTERN struct mkt__ListKey *mktows_list_key_init(struct mkt__ListKey *key, enum mkt__ListKeyType type,
                                                        const char *value);
/** @brief Wrap @p count strings as an ArrayOfString (stringItem). Borrowed. @return @p arr. */
MKTOWS_EXTERN struct mkt__ArrayOfString *mktows_string_array_init(struct mkt__ArrayOfString *arr, const char *const *items,
                                                                  int count);
/** @brief Fill an Attribute (attrName / attrValue, no attrType), e.g. a custom object key. @return @p attr. */
MKTOWS_EXTERN struct mkt__Attribute *mktows_attribute_init(struct mkt__Attribute *attr, const char *name,
                                                           const char *value);
/** @brief Wrap @p count Attributes as an ArrayOfAttribute (attribute items). @return @p arr. */
MKTOWS_EXTERN struct mkt__ArrayOfAttribute *mktows_attribute_array_init(struct mkt__ArrayOfAttribute *arr,
                                                                        struct mkt__Attribute *items, int count);

/* ---- campaign tokens (programTokenList) and other name/value Attribs ---- */

/** @brief Fill an Attrib (name / value), e.g. the token "{{my.message}}" = "Hello". @return @p attrib. */
MKTOWS_EXTERN struct mkt__Attrib *mktows_attrib_init(struct mkt__Attrib *attrib, const char *name, const char *value);
/** @brief Wrap @p count Attribs as an ArrayOfAttrib (programTokenList, attribList). @return @p arr. */
MKTOWS_EXTERN struct mkt__ArrayOfAttrib *mktows_attrib_array_init(struct mkt__ArrayOfAttrib *arr, struct mkt__Attrib *tokens,
                                                                  int count);

/* ---- leadSelector (getMultipleLeads, getLeadChanges) ---- */

/** Storage for one leadSelector of any kind. Fill with one of the mktows_lead_selector_* builders. */
typedef struct mktows_lead_selector {
    struct mkt__LeadSelector selector;        /**< what the params point at */
    struct mkt__LeadKeySelector keys;         /**< xsi:type LeadKeySelector */
    struct mkt__StaticListSelector list;      /**< xsi:type StaticListSelector */
    struct mkt__LastUpdateAtSelector updated; /**< xsi:type LastUpdateAtSelector */
    struct mkt__ArrayOfString values;         /**< keyValues */
    int list_id;                              /**< staticListId */
    time_t latest;                            /**< latestUpdatedAt */
} mktows_lead_selector;

/** @brief LeadKeySelector: @p count lead key values of one @p type. @return the leadSelector in @p s. */
MKTOWS_EXTERN struct mkt__LeadSelector *mktows_lead_selector_init_keys(mktows_lead_selector *s, enum mkt__LeadKeyRef type,
                                                                       const char *const *values, int count);
/** @brief StaticListSelector by list name. @return the leadSelector in @p s. */
MKTOWS_EXTERN struct mkt__LeadSelector *mktows_lead_selector_init_list_name(mktows_lead_selector *s, const char *name);
/** @brief StaticListSelector by list id. @return the leadSelector in @p s. */
MKTOWS_EXTERN struct mkt__LeadSelector *mktows_lead_selector_init_list_id(mktows_lead_selector *s, int id);
/** @brief LastUpdateAtSelector: leads updated since @p oldest and, when @p latest is non-NULL, not
 *         after *@p latest (copied). @return the leadSelector in @p s. */
MKTOWS_EXTERN struct mkt__LeadSelector *mktows_lead_selector_init_updated(mktows_lead_selector *s, time_t oldest,
                                                                          const time_t *latest);

/* ---- activity filters (getLeadActivity, getLeadChanges) ---- */

/** Storage for an ActivityTypeFilter. */
typedef struct mktows_activity_filter {
    struct mkt__ActivityTypeFilter filter;    /**< what the params point at */
    struct mkt__ArrayOfActivityType include;  /**< includeTypes */
    struct mkt__ArrayOfActivityType exclude;  /**< excludeTypes */
} mktows_activity_filter;

/**
 * @brief An ActivityTypeFilter with includeTypes (when @p n_include > 0) and excludeTypes (when
 *        @p n_exclude > 0). The arrays are borrowed. @return the filter in @p f.
 */
MKTOWS_EXTERN struct mkt__ActivityTypeFilter *
mktows_activity_filter_init_types(mktows_activity_filter *f, const enum mkt__ActivityType *include, int n_include,
                                  const enum mkt__ActivityType *exclude, int n_exclude);

#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_BUILD_H */
