# soap_recv_raw(): a chunk-size line must start right after the CRLF that ends the previous chunk.
#
# gSOAP skips every character that is not a hexadecimal digit before a chunk size, so a malformed
# chunked body ("zz\r\nabc\r\n...") is read as chunks of whatever hexadecimal digits follow: the
# peer's garbage becomes a size to wait for, and the connection hangs until its deadline instead of
# failing at once. HTTP/1.1 (RFC 9112, section 7.1) allows nothing there but the chunk size, so at
# most the CR LF after the previous chunk's data is skipped; anything else is an HTTP error named
# "mktows: malformed chunk", on the client MKTOWS_ERR_PROTOCOL (src/lib/fault.c) and on the server
# fault 20012 (src/server/serve.c).
set(_from "      while (!soap_isxdigit((int)(c = soap_getchunkchar(soap))))
      {
        if ((int)c == EOF)
        {
          soap->ahead = EOF;
          return EOF;
        }
      }")
set(_to "      int mktows_skipped = 0; /* mktows: cmake/gsoap-patches/chunk_size_strict.cmake */
      while (!soap_isxdigit((int)(c = soap_getchunkchar(soap))))
      {
        if ((int)c == EOF)
        {
          soap->ahead = EOF;
          return EOF;
        }
        if ((c != '\\r' && c != '\\n') || ++mktows_skipped > 2)
          return soap_set_receiver_error(soap, \"mktows: malformed chunk\", \"a chunk size is not hexadecimal\", SOAP_HTTP_ERROR);
      }")
mktows_gsoap_patch(stdsoap2.c "${_from}" "${_to}")
