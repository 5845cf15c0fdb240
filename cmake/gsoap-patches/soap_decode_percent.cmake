# soap_decode(): a '%' in an HTTP header attribute (Content-Type's charset=, action=, ...) is
# decoded only when two hex digits follow; otherwise it is kept as written.
#
# gSOAP decoded any two characters after '%' as hex: "%zz" or "%\x01x" computed a negative
# digit and shifted it left, undefined behaviour that UBSan reports (found by
# tests/fuzz/fuzz_server and fuzz_response on a Content-Type such as `text/xml; charset=%_k`),
# and wrote an arbitrary byte into the value. Valid escapes decode as before.
set(_from "      if (*s == '%' && s[1] && s[2])
      {
        *t++ = ((s[1] >= 'A' ? (s[1] & 0x7) + 9 : s[1] - '0') << 4)")
set(_to "      if (*s == '%' && soap_isxdigit(s[1]) && soap_isxdigit(s[2])) /* mktows: cmake/gsoap-patches/soap_decode_percent.cmake */
      {
        *t++ = ((s[1] >= 'A' ? (s[1] & 0x7) + 9 : s[1] - '0') << 4)")
mktows_gsoap_patch(stdsoap2.c "${_from}" "${_to}")
