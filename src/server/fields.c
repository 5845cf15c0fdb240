/* The lead field list: Marketo's standard lead fields (API names as syncLead and getLead use them).
 * Custom fields come from the config file ([field NAME] sections). */
#include "server.h"

#include <stddef.h>

const char *const mktows_srv_standard_fields[][2] = {
    { "Email", "email" },
    { "FirstName", "string" },
    { "MiddleName", "string" },
    { "LastName", "string" },
    { "Salutation", "string" },
    { "Title", "string" },
    { "Department", "string" },
    { "Company", "string" },
    { "Site", "string" },
    { "Industry", "string" },
    { "AnnualRevenue", "currency" },
    { "NumberOfEmployees", "integer" },
    { "SICCode", "string" },
    { "Website", "url" },
    { "Phone", "phone" },
    { "MobilePhone", "phone" },
    { "MainPhone", "phone" },
    { "Fax", "phone" },
    { "Address", "text" },
    { "City", "string" },
    { "State", "string" },
    { "Country", "string" },
    { "PostalCode", "string" },
    { "BillingStreet", "text" },
    { "BillingCity", "string" },
    { "BillingState", "string" },
    { "BillingCountry", "string" },
    { "BillingPostalCode", "string" },
    { "DateofBirth", "date" },
    { "LeadSource", "string" },
    { "LeadStatus", "string" },
    { "LeadRole", "string" },
    { "LeadScore", "integer" },
    { "Rating", "string" },
    { "DoNotCall", "boolean" },
    { "DoNotCallReason", "string" },
    { "Unsubscribed", "boolean" },
    { "UnsubscribedReason", "text" },
    { "EmailInvalid", "boolean" },
    { "EmailInvalidCause", "string" },
    { "InferredCompany", "string" },
    { "InferredCountry", "string" },
    { "AnonymousIP", "string" },
    { NULL, NULL }
};

const char *const mktows_srv_system_fields[][2] = {
    { "CreatedAt", "datetime" },
    { "UpdatedAt", "datetime" },
    { "IsAnonymous", "boolean" },
    { "LeadPartition", "string" },
    { NULL, NULL }
};
