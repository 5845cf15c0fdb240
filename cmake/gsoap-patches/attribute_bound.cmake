# soap_peek_element(): at most 64 attributes on one element, and at most 256 distinct attribute
# names remembered per message.
#
# gSOAP keeps the attributes it has seen in one list for the whole message and compares every new
# attribute with all of them, so an element with n attributes costs n * n / 2 string comparisons
# (20,000 attributes: 3 s; 200,000: more than 90 s) before anything else can happen, on the client
# and on the server before authentication. No mktows element carries more than three (xmlns
# declarations and xsi:type / xsi:nil included), so the bounds cost legitimate messages nothing;
# past them the message is refused as a SOAP_LENGTH error naming the bound
# (src/lib/fault.c: MKTOWS_ERR_LIMIT; the server: fault 20012).
set(_from "  while ((int)c != EOF && c != '>' && c != '/')
  {
    s = soap->tmpbuf;
    i = sizeof(soap->tmpbuf);")
set(_to "  int mktows_attrs = 0; /* mktows: cmake/gsoap-patches/attribute_bound.cmake */
  while ((int)c != EOF && c != '>' && c != '/')
  {
    if (++mktows_attrs > 64)
      return soap_set_receiver_error(soap, \"mktows: too many attributes\", \"an element has more than 64 attributes\", SOAP_LENGTH);
    s = soap->tmpbuf;
    i = sizeof(soap->tmpbuf);")
mktows_gsoap_patch(stdsoap2.c "${_from}" "${_to}")

set(_from "    tq = NULL;
    for (tp = soap->attributes; tp; tq = tp, tp = tp->next)
    {
      if (!SOAP_STRCMP(tp->name, soap->tmpbuf))
        break;
    }
    if (!tp)
    {")
set(_to "    tq = NULL;
    int mktows_names = 0; /* mktows: cmake/gsoap-patches/attribute_bound.cmake */
    for (tp = soap->attributes; tp; tq = tp, tp = tp->next)
    {
      if (!SOAP_STRCMP(tp->name, soap->tmpbuf))
        break;
      mktows_names++;
    }
    if (!tp && mktows_names >= 256)
      return soap_set_receiver_error(soap, \"mktows: too many attributes\", \"the message has more than 256 distinct attribute names\", SOAP_LENGTH);
    if (!tp)
    {")
mktows_gsoap_patch(stdsoap2.c "${_from}" "${_to}")
