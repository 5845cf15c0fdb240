# Read gen/soapStub.h (soapcpp2's output) and write the typed call wrappers of the 23 operations.
# Used by scripts/regen only:
#   awk -v part=h -f scripts/gen-ops.awk soapStub.h   -> mktows_ops.h (declarations + X-macro)
#   awk -v part=c -f scripts/gen-ops.awk soapStub.h   -> mktows_ops.c (definitions)
# Output depends only on the input, in the order soapcpp2 lists the operations (WSDL order).

# "getLead" -> "get_lead"; "getMObjects" -> "get_mobjects"; syncLead -> "sync_lead_raw" (the
# name mktows_sync_lead belongs to the syncLead convenience call).
function snake(op,    s, out, i, ch) {
    s = op
    gsub(/MObject/, "Mobject", s)
    out = ""
    for (i = 1; i <= length(s); i++) {
        ch = substr(s, i, 1)
        if (ch ~ /[A-Z]/)
            out = out "_" tolower(ch)
        else
            out = out ch
    }
    if (out == "sync_lead")
        out = "sync_lead_raw"
    return out
}

# First member of each mkt__SuccessX struct: the element a valid response must carry.
/^struct mkt__Success[A-Za-z]+ \{/ {
    name = $2
    getline
    while ($0 ~ /^[ \t]*\/\*\*/ || $0 ~ /^[ \t]*$/)
        getline
    line = $0
    sub(/;.*/, "", line)
    n = split(line, w, /[ *\t]+/)
    member[name] = w[n]
    next
}

/soap_call___mkt__[A-Za-z]+\(struct soap \*soap/ {
    s = $0
    sub(/.*soap_call___mkt__/, "", s)
    op = s
    sub(/\(.*/, "", op)
    p = s
    sub(/.*struct mkt__Params/, "", p)
    sub(/ .*/, "", p)
    nops++
    ops[nops] = op
    typ[nops] = p
}

END {
    if (nops != 23) {
        print "gen-ops.awk: expected 23 operations in soapStub.h, found " nops > "/dev/stderr"
        exit 1
    }
    if (part == "h")
        header()
    else
        source()
}

function header(    i, op, T, f, el) {
    print "/** @file mktows_ops.h"
    print " * @brief Typed calls for the 23 mktows operations (generated from the soap_call___mkt__* stubs)."
    print " *"
    print " * Every call follows the conventions of mktows_sync_lead(): a freshly signed AuthenticationHeader"
    print " * (and the MktowsContextHeader on syncLead when the client has a workspace), errors mapped to"
    print " * ::mktows_code with detail on the client (mktows_client_errmsg() and friends)."
    print " *"
    print " * Ownership: @p params and everything it points to is the caller's and is only read during the"
    print " * call; it must not live in the client's gSOAP context (the call releases that first)."
    print " * The response (*out) is borrowed: it is owned by the client and valid until the next call on"
    print " * this client, mktows_client_release() or mktows_client_free(). To keep it longer, deep-copy it"
    print " * with mktows_<operation>_keep() and free the copy with mktows_<operation>_free()."
    print " */"
    print "#ifndef MKTOWS_GEN_OPS_H"
    print "#define MKTOWS_GEN_OPS_H"
    print ""
    print "#include <mktows/client.h>"
    print "#include <mktows/error.h>"
    print "#include \"soapH.h\""
    print ""
    print "#ifdef __cplusplus"
    print "extern \"C\" {"
    print "#endif"
    print ""
    print "/** Number of operations in the interface. */"
    print "#define MKTOWS_OPERATION_COUNT " nops
    print ""
    print "/**"
    print " * X-macro over the operations: X(operation, Type, function) for each, e.g."
    print " * X(getLead, GetLead, get_lead): operation name as in the WSDL, the suffix of the Params/Success"
    print " * types, and the name of the typed call after mktows_."
    print " */"
    print "#define MKTOWS_OPERATIONS(X) \\"
    for (i = 1; i <= nops; i++)
        printf "    X(%s, %s, %s)%s\n", ops[i], typ[i], snake(ops[i]), (i < nops ? " \\" : "")
    print ""
    for (i = 1; i <= nops; i++) {
        op = ops[i]; T = typ[i]; f = snake(op)
        el = member["mkt__Success" T]
        print "/**"
        printf " * @brief %s: send params%s, receive success%s.\n", op, T, T
        print " * @param client  the client."
        printf " * @param params  the request (caller's memory, read during the call only).\n"
        printf " * @param out     receives the response on MKTOWS_OK (with its %s element present), NULL\n", el
        printf " *                otherwise. Borrowed: valid until the next call on @p client; see mktows_%s_keep().\n", f
        print " * @return MKTOWS_OK; transport, TLS, timeout, HTTP, parse and fault codes as mapped by the client"
        print " *         (a Marketo serviceException returns its MKTOWS_MKTO_* code)."
        print " */"
        printf "mktows_code mktows_%s(mktows_client *client, const struct mkt__Params%s *params,\n", f, T
        printf "        struct mkt__Success%s **out);\n", T
        printf "/** @brief Deep-copy a %s response into malloc'd memory; caller frees with mktows_%s_free().\n", op, f
        print " *  @return MKTOWS_OK or MKTOWS_ERR_NO_MEMORY (*out is NULL then). */"
        printf "mktows_code mktows_%s_keep(const struct mkt__Success%s *resp, struct mkt__Success%s **out);\n", f, T, T
        printf "/** @brief Free a copy made by mktows_%s_keep(). NULL is a no-op. Never pass a borrowed response. */\n", f
        printf "void mktows_%s_free(struct mkt__Success%s *resp);\n", f, T
        print ""
    }
    print "#ifdef __cplusplus"
    print "}"
    print "#endif"
    print "#endif /* MKTOWS_GEN_OPS_H */"
}

function source(    i, op, T, f, el) {
    print "/* Typed calls for the 23 mktows operations: see mktows_ops.h. */"
    print "#include \"mktows_ops.h\""
    print ""
    print "#include <assert.h>"
    print "#include <stdlib.h>"
    print ""
    print "#include \"private/ops.h\""
    for (i = 1; i <= nops; i++) {
        op = ops[i]; T = typ[i]; f = snake(op)
        el = member["mkt__Success" T]
        print ""
        printf "mktows_code mktows_%s(mktows_client *client, const struct mkt__Params%s *params,\n", f, T
        printf "        struct mkt__Success%s **out)\n", T
        print "{"
        print "    assert(client);"
        print "    assert(params);"
        print "    assert(out);"
        print "    *out = NULL;"
        print "    struct soap *soap = NULL;"
        printf "    mktows_code rc = mktows_client_begin(client, \"%s\", &soap);\n", op
        print "    if (rc != MKTOWS_OK)"
        print "        return rc;"
        printf "    struct mkt__Success%s *resp = soap_new_mkt__Success%s(soap, -1);\n", T, T
        print "    if (!resp)"
        print "        return mktows_client_finish(client, SOAP_EOM);"
        printf "    int status = soap_call___mkt__%s(soap, mktows_client_endpoint(client), NULL,\n", op
        printf "        (struct mkt__Params%s *)params, resp);\n", T
        print "    rc = mktows_client_finish(client, status);"
        print "    if (rc != MKTOWS_OK)"
        print "        return rc;"
        printf "    if (!resp->%s)\n", el
        printf "        return mktows_ops_missing_(client, \"success%s\", \"%s\");\n", T, el
        print "    *out = resp;"
        print "    return MKTOWS_OK;"
        print "}"
        print ""
        printf "mktows_code mktows_%s_keep(const struct mkt__Success%s *resp, struct mkt__Success%s **out)\n", f, T, T
        print "{"
        print "    assert(out);"
        print "    *out = NULL;"
        print "    if (!resp)"
        print "        return MKTOWS_ERR_INVALID_ARGUMENT;"
        printf "    *out = soap_dup_mkt__Success%s(NULL, NULL, resp);\n", T
        print "    return *out ? MKTOWS_OK : MKTOWS_ERR_NO_MEMORY;"
        print "}"
        print ""
        printf "void mktows_%s_free(struct mkt__Success%s *resp)\n", f, T
        print "{"
        printf "    soap_del_PointerTomkt__Success%s(&resp);\n", T
        print "}"
    }
}
