/* Request checks and faults (auth.c, fault.c): authentication and the limits around every call,
 * and Marketo's serviceException faults. Private to src/server. */
#ifndef MKTOWS_SERVER_FAULT_H
#define MKTOWS_SERVER_FAULT_H

/* Marketo's codes are the library's MKTOWS_MKTO_* values of mktows_code (<mktows/error.h>): the
 * server names them from there rather than writing the numbers. */
#include <mktows/error.h>

struct soap;

/* Check the AuthenticationHeader and the optional limits for one call of @p op. On success returns
 * SOAP_OK and the caller must call mktows_srv_call_end() when done; otherwise returns a fault.
 * The service sends no response headers, so call_end and every fault drop the request's soap->header. */
int mktows_srv_call_begin(struct soap *soap, const char *op);
void mktows_srv_call_end(struct soap *soap);
/* The [limits] counts of one server (auth.c): calls in flight, the day's calls, the times of the
 * last admitted calls for the rate window. A part of the server context (server.h). */
struct mktows_srv_limits;
/* A new set of counts, all zero: caller frees with mktows_srv_limits_free(). NULL out of memory. */
struct mktows_srv_limits *mktows_srv_limits_new(void);
/* Release @p limits (NULL: nothing). No call may be in flight. */
void mktows_srv_limits_free(struct mktows_srv_limits *limits);
/* Forget the [limits] counts (the daily quota's calls, the rate window), as after a restart; calls
 * in flight still count against concurrent_calls until they end. For a reset. */
void mktows_srv_limits_reset(struct mktows_srv_limits *limits);

/* Set a SOAP 1.1 Fault carrying serviceException{name,message,code}; returns SOAP_FAULT.
 * Client faults (SOAP-ENV:Client) for request errors, server faults for 20011/20106/10001. */
int mktows_srv_fault(struct soap *soap, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Turn the error gSOAP raised while reading a request (soap->error) into Marketo's fault with the
 * code the error table gives: 20019 unknown operation, 20017 a missing element, 20109 an empty
 * required value, 20110 a value its type does not allow, 20011 out of memory, 20012 anything else
 * that cannot be read; gSOAP's own text goes into the message. A fault that already carries a
 * serviceException is kept; SOAP_OK, SOAP_EOF (the client went away) and SOAP_STOP are returned as
 * they are. Returns soap->error. */
int mktows_srv_fault_from_soap(struct soap *soap);
/* Send the fault set on @p soap (status soap->error: SOAP_FAULT for HTTP 500, or an HTTP status)
 * and keep the connection as it is (soap->keep_alive), where soap_send_fault() would close it.
 * Returns SOAP_OK once sent, or an error (the connection is then closed). */
int mktows_srv_send_fault(struct soap *soap);

#endif
