/* Internal: creating the library's gSOAP contexts (runtime.c). */
#ifndef MKTOWS_PRIVATE_RUNTIME_H
#define MKTOWS_PRIVATE_RUNTIME_H

#include "soapH.h"

/* soap_new2(), without gSOAP's OpenSSL random-generator seeding (see runtime.c). NULL when out of
 * memory; free with soap_free() as usual. */
struct soap *mktows_soap_new_(soap_mode imode, soap_mode omode);

#endif
