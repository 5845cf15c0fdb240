/* Every gSOAP context of the library is created here. gSOAP's soap_init() would otherwise seed
 * OpenSSL's random generator from /dev/urandom on the first context (soap_ssl_init()), which
 * costs a one-call process over http:// about a third of its start-up, and which OpenSSL 3 does
 * not need: it initialises and seeds itself when TLS is first used (tls.c). The runtime is the
 * library's own copy (hidden), so this changes nothing for any other gSOAP code in the program. */
#include "private/runtime.h"

#include <pthread.h>

static pthread_once_t s_once = PTHREAD_ONCE_INIT;

static void s_init(void)
{
    soap_ssl_noinit();
}

struct soap *mktows_soap_new_(soap_mode imode, soap_mode omode)
{
    pthread_once(&s_once, s_init);
    return soap_new2(imode, omode);
}
