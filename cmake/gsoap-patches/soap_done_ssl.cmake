# soap_done(): clear OpenSSL's error queue only when the context used OpenSSL.
#
# gSOAP calls ERR_clear_error() when every context is freed. On a thread that never used OpenSSL
# (every plain-HTTP client) that first initialises OpenSSL's error strings: a fifth of the
# instructions of a one-call `mktows sync-lead` and 1.6 MB of libcrypto pages. A context that used
# TLS still clears the queue, as before.
set(_from "#ifdef WITH_OPENSSL
  if (soap->ssl)
  {
    SSL_free(soap->ssl);
    soap->ssl = NULL;
  }
  if (soap->state == SOAP_INIT)
  {
    if (soap->ctx)
    {
      SSL_CTX_free(soap->ctx);
      soap->ctx = NULL;
    }
  }
  ERR_clear_error();")
set(_to "#ifdef WITH_OPENSSL
  int mktows_used_openssl = soap->ssl || soap->ctx; /* mktows: cmake/gsoap-patches/soap_done_ssl.cmake */
  if (soap->ssl)
  {
    SSL_free(soap->ssl);
    soap->ssl = NULL;
  }
  if (soap->state == SOAP_INIT)
  {
    if (soap->ctx)
    {
      SSL_CTX_free(soap->ctx);
      soap->ctx = NULL;
    }
  }
  if (mktows_used_openssl)
    ERR_clear_error();")
mktows_gsoap_patch(stdsoap2.c "${_from}" "${_to}")
