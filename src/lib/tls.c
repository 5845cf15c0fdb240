/* TLS for https endpoints: server certificate and host name verified by default against the system
 * CA store (or the caller's ca_file / ca_path), TLS 1.2 or newer. */
#include "private/client.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <pthread.h>

static pthread_once_t s_ssl_once = PTHREAD_ONCE_INIT;

/* OpenSSL 3 initialises and seeds itself; this only makes it happen once, before the first TLS
 * context, whatever threads create clients (gSOAP's own soap_ssl_init() is skipped: runtime.c). */
static void s_ssl_init(void)
{
    OPENSSL_init_ssl(0, NULL);
}

mktows_code mktows_tls_setup_(mktows_client *client, const mktows_client_options *opts)
{
    struct soap *soap = client->soap;
    unsigned short flags = SOAP_SSL_DEFAULT | SOAP_TLSv1_2 | SOAP_TLSv1_3;

    pthread_once(&s_ssl_once, s_ssl_init);
    if (opts->tls_no_verify_peer)
        flags &= (unsigned short)~SOAP_SSL_REQUIRE_SERVER_AUTHENTICATION; /* = SOAP_SSL_NO_AUTHENTICATION */
    if (opts->tls_no_verify_host)
        flags |= SOAP_SSL_SKIP_HOST_CHECK;
    /* gSOAP checks the host name only as part of verifying the peer: with the chain not verified,
     * the name is checked here after each handshake (mktows_tls_check_host_), unless that is off too. */
    client->tls_check_host = opts->tls_no_verify_peer && !opts->tls_no_verify_host;
    if (soap_ssl_client_context(soap, flags, NULL, NULL, opts->ca_file, opts->ca_path, NULL) != SOAP_OK) {
        const char *why = soap_fault_detail(soap);
        mktows_client_fail_(client, MKTOWS_ERR_TLS, "TLS setup failed: %s", why ? why : soap_fault_string(soap));
        return MKTOWS_ERR_TLS;
    }
    /* gSOAP loads the system CA store itself unless SOAP_SSL_NO_DEFAULT_CA_PATH is set; doing it here
     * too makes the default explicit and independent of gSOAP version (the context exists now). */
    if (!opts->ca_file && !opts->ca_path && soap->ctx && SSL_CTX_set_default_verify_paths(soap->ctx) != 1)
        return mktows_client_fail_(client, MKTOWS_ERR_TLS, "TLS setup failed: cannot load the system CA store");
    return MKTOWS_OK;
}

int mktows_tls_check_host_(mktows_client *client, struct soap *soap, const char *host)
{
    if (!client->tls_check_host || !soap->ssl)
        return 0;
    X509 *cert = SSL_get1_peer_certificate(soap->ssl);
    int ok = 0;
    if (cert) {
        /* an IP address is matched against the certificate's IP addresses, a name against its names */
        ok = X509_check_ip_asc(cert, host, 0) == 1 || X509_check_host(cert, host, 0, 0, NULL) == 1;
        X509_free(cert);
    }
    if (ok)
        return 0;
    soap_set_sender_error(soap, "SSL/TLS error",
                          "the server's certificate is not for this host name (tls_no_verify_peer does not "
                          "turn the host name check off; tls_no_verify_host does)",
                          SOAP_SSL_ERROR);
    return -1;
}
