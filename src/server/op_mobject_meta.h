/* The MObject types and their fields (op_mobject_meta.c), for the MObject operations and the
 * fixtures. Private to src/server. */
#ifndef MKTOWS_SERVER_OP_MOBJECT_META_H
#define MKTOWS_SERVER_OP_MOBJECT_META_H

/* MObject types (op_mobject_meta.c): "Opportunity", "OpportunityPersonRole" (also spelled
 * OpportunityLeadRole, as the WSDL enum does) or "Program"; NULL for anything else. */
const char *mktows_srv_mobj_canonical(const char *type);
/* The canonical spelling of field @p name of MObject @p type, or NULL; *read_only when asked. */
const char *mktows_srv_mobj_field(const char *type, const char *name, int *read_only);

#endif
