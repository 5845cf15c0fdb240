/* The lead field list: Marketo's standard lead fields, each as name (the API name syncLead and
 * getLead use), attrType, and the display name Marketo showed for it (its UI's column, the header
 * importToList reads, describeMObject's displayName). Custom fields come from the config file
 * ([field NAME] sections), which can also give any field another display name. */
#include "config.h"

#include <stddef.h>

const char *const mktows_srv_standard_fields[][3] = {
    { "Email", "email", "Email Address" },
    { "FirstName", "string", "First Name" },
    { "MiddleName", "string", "Middle Name" },
    { "LastName", "string", "Last Name" },
    { "Salutation", "string", "Salutation" },
    { "Title", "string", "Job Title" },
    { "Department", "string", "Department" },
    { "Company", "string", "Company Name" },
    { "Site", "string", "Site" },
    { "Industry", "string", "Industry" },
    { "AnnualRevenue", "currency", "Annual Revenue" },
    { "NumberOfEmployees", "integer", "Num Employees" },
    { "SICCode", "string", "SIC Code" },
    { "Website", "url", "Website" },
    { "Phone", "phone", "Phone Number" },
    { "MobilePhone", "phone", "Mobile Phone Number" },
    { "MainPhone", "phone", "Main Phone" },
    { "Fax", "phone", "Fax Number" },
    { "Address", "text", "Address" },
    { "City", "string", "City" },
    { "State", "string", "State" },
    { "Country", "string", "Country" },
    { "PostalCode", "string", "Postal Code" },
    { "BillingStreet", "text", "Billing Address" },
    { "BillingCity", "string", "Billing City" },
    { "BillingState", "string", "Billing State" },
    { "BillingCountry", "string", "Billing Country" },
    { "BillingPostalCode", "string", "Billing Postal Code" },
    { "DateofBirth", "date", "Date of Birth" },
    { "LeadSource", "string", "Lead Source" },
    { "LeadStatus", "string", "Lead Status" },
    { "LeadRole", "string", "Lead Role" },
    { "LeadScore", "integer", "Lead Score" },
    { "Rating", "string", "Lead Rating" },
    { "DoNotCall", "boolean", "Do Not Call" },
    { "DoNotCallReason", "string", "Do Not Call Reason" },
    { "Unsubscribed", "boolean", "Unsubscribed" },
    { "UnsubscribedReason", "text", "Unsubscribed Reason" },
    { "EmailInvalid", "boolean", "Email Invalid" },
    { "EmailInvalidCause", "string", "Email Invalid Cause" },
    { "InferredCompany", "string", "Inferred Company Name" },
    { "InferredCountry", "string", "Inferred Country" },
    { "AnonymousIP", "string", "Anonymous IP" },
    { NULL, NULL, NULL }
};

const char *const mktows_srv_system_fields[][3] = {
    { "CreatedAt", "datetime", "Created At" },
    { "UpdatedAt", "datetime", "Updated At" },
    { "IsAnonymous", "boolean", "Anonymous" },
    { "LeadPartition", "string", "Lead Partition" },
    { NULL, NULL, NULL }
};
