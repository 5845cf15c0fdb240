/* The gSOAP namespace table of the mktows binding. The generated .nsmap defines the global
 * `namespaces` array; it must be included in exactly one translation unit, and this is it.
 *
 * The gSOAP runtime linked into libmktows refers to that global by name (soap_init() starts every
 * context with it), so it must exist; in libmktows.so it is hidden and local (libmktows.map), and
 * the client sets the table explicitly on its own context all the same (soap_set_namespaces() in
 * mktows_client_new()), so that no definition elsewhere in the process can ever take its place. */
#include "private/client.h"

#include "MktowsApiSoapBinding.nsmap"

const struct Namespace *mktows_namespaces_(void)
{
    return namespaces;
}
