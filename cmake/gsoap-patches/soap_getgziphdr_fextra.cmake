# soap_getgziphdr(): a gzip header cut inside its FEXTRA length is an error, read without shifting
# EOF.
#
# gSOAP read the two bytes of the FEXTRA length as `i = soap_get1(soap); i |= soap_get1(soap) << 8;`:
# at the end of the message soap_get1() returns EOF (-1), and -1 << 8 is undefined behaviour that
# UBSan reports (found by tests/fuzz/fuzz_server on a gzip request, and reached the same way by a
# gzip response: four bytes `1f 8b 08 04`). A cut length is now SOAP_ZLIB_ERROR, as a cut extra
# field already was.
set(_from "    i = soap_get1(soap);
    i |= soap_get1(soap) << 8;
    while (i-- > 0)")
set(_to "    soap_wchar lo = soap_get1(soap), hi = soap_get1(soap); /* mktows: cmake/gsoap-patches/soap_getgziphdr_fextra.cmake */
    if ((int)lo == EOF || (int)hi == EOF)
      return soap->error = SOAP_ZLIB_ERROR;
    i = (int)(lo | (hi << 8));
    while (i-- > 0)")
mktows_gsoap_patch(stdsoap2.c "${_from}" "${_to}")
