/* The request log (request_log.c): one line for every request the server answers, whatever the
 * outcome (a response, a fault, a dropped connection, the WSDL), and the counters behind the
 * admin endpoint's GET /stats and the "stopped after ..." line:
 *
 *   2026-11-30T02:31:25.123456Z 127.0.0.1:43210 bigcorp1_461839624B16E06BA2D663 getLead ok 1234us
 *   2026-11-30T02:31:25.223456Z 127.0.0.1:43210 bigcorp1_461839624B16E06BA2D663 syncLead fault:20024 310us
 *
 * Fields are separated by one space and never contain one: time (UTC, microseconds), peer, user
 * (the request's mktowsUserId, "-" when it has none), operation ("-" when the request could not be
 * read so far, GET for the WSDL), outcome (ok, fault:CODE with the Marketo code, dropped), and the
 * time from the end of reading the request to its answer being ready to send.
 *
 * The line is written and the request counted just before the answer is sent, so that a client
 * holding the answer finds both (a test reading the log right after a call sees its line).
 *
 * The log file and the counters are one server's: a part of its context (server.h, its member
 * request_log). The record of the request being served is per thread (each connection has its own
 * thread) and names the server's log it goes to, taken from the connection at
 * mktows_srv_request_begin(). */
#ifndef MKTOWS_SERVER_REQUEST_LOG_H
#define MKTOWS_SERVER_REQUEST_LOG_H

#include <stddef.h>

struct soap;

struct mktows_srv_request_log;
/* No file yet, every count zero: caller frees with mktows_srv_request_log_free(). NULL out of memory. */
struct mktows_srv_request_log *mktows_srv_request_log_new(void);
/* Close the file @p log opened, if any, and release @p log (NULL: nothing). No request may be in
 * flight. */
void mktows_srv_request_log_free(struct mktows_srv_request_log *log);
/* --log FILE ("-": stderr) for @p log: 0, or -1 with a message in err. Without it no line is
 * written (the counters still count). Call once, before any request. */
int mktows_srv_request_log_open(struct mktows_srv_request_log *log, const char *path, char *err, size_t err_len);

/* A request of connection @p soap has been read: start its record (time, peer), for the log of the
 * server it is for (mktows_srv_of(soap)). */
void mktows_srv_request_begin(struct soap *soap);
/* Its operation, and its user from the AuthenticationHeader (when there is one). */
void mktows_srv_request_op(const struct soap *soap, const char *op);
/* It was answered with fault @p code (the last one set is logged). */
void mktows_srv_request_fault(int code);
/* Its connection was dropped on purpose (fault injection): no response. */
void mktows_srv_request_dropped(void);
/* Its answer is about to be sent (or the connection dropped): count it and write its line. */
void mktows_srv_request_answering(void);
/* It has been answered: count it and write its line if mktows_srv_request_answering() did not (the
 * answers gSOAP sends itself: the WSDL, a request that could not be read). */
void mktows_srv_request_end(void);

typedef struct mktows_srv_request_counts {
    unsigned long requests;   /* every request answered (ok, faulted or dropped) */
    unsigned long faults;
    unsigned long dropped;
} mktows_srv_request_counts;
/* The counts of @p log since the server started (a reset does not clear them). */
mktows_srv_request_counts mktows_srv_request_counts_get(struct mktows_srv_request_log *log);

#endif
