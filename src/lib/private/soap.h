/* Internal: the client's gSOAP context, for code built with the library's own objects and gSOAP
 * runtime: the library itself, and the tests through the internal static library
 * (tests/support/mock_transport.c swaps soap->fopen / fclose / fsend / frecv / fpoll through it).
 *
 * Not public: a program linked with libmktows.so has no access to the gSOAP runtime inside it
 * (hidden), and its own gSOAP runtime must never operate on the library's contexts. */
#ifndef MKTOWS_PRIVATE_SOAP_H
#define MKTOWS_PRIVATE_SOAP_H

#include <mktows/client.h>

/* The client's context. Callbacks set on it persist across calls. Do not change soap->user,
 * soap->header or soap->fpreparesend / fpreparerecv / fparse (the library uses them).
 * Borrowed: owned by the client, valid until mktows_client_free(). */
struct soap *mktows_client_soap(mktows_client *client);

#endif /* MKTOWS_PRIVATE_SOAP_H */
