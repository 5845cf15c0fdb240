/* The gSOAP namespace table. The generated .nsmap defines the global `namespaces` array that every
 * gSOAP context uses; it must be included in exactly one translation unit, and this is it. */
#include "soapH.h"
#include "MktowsApiSoapBinding.nsmap"
