/* The echo binding's half of the two_bindings program: see echo_side.h. Built against
 * libgsoapssl.so, as any gSOAP program is; the runtime finds this binding's `namespaces` table and
 * soap_* callbacks in the executable. */
#include "echo_side.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "echoSoapH.h"
#include "echo.nsmap"

static struct soap *s_server;
static pthread_t s_thread;
static int s_requests;
static int s_served;
static int s_port;

/* The service operation. */
int echo__echo(struct soap *soap, char *in, char **out)
{
    *out = soap_strdup(soap, in ? in : "");
    return *out ? SOAP_OK : SOAP_EOM;
}

static void *s_serve(void *arg)
{
    (void)arg;
    for (int i = 0; i < s_requests; i++) {
        if (!soap_valid_socket(soap_accept(s_server))) {
            fprintf(stderr, "echo: accept failed\n");
            soap_print_fault(s_server, stderr);
            break;
        }
        if (soap_serve(s_server) != SOAP_OK)
            soap_print_fault(s_server, stderr);
        else
            s_served++;
        soap_destroy(s_server);
        soap_end(s_server);
    }
    return NULL;
}

int echo_side_start(int requests)
{
    s_server = soap_new();
    if (!s_server)
        return -1;
    s_server->bind_flags = SO_REUSEADDR;
    s_server->accept_timeout = 30; /* seconds: never hang the test */
    if (!soap_valid_socket(soap_bind(s_server, "127.0.0.1", 0, 10))) {
        soap_print_fault(s_server, stderr);
        return -1;
    }
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    if (getsockname(s_server->master, (struct sockaddr *)&addr, &len) != 0)
        return -1;
    s_port = ntohs(addr.sin_port);
    s_requests = requests;
    return pthread_create(&s_thread, NULL, s_serve, NULL) == 0 ? 0 : -1;
}

int echo_side_call(const char *text, char *out, size_t out_size)
{
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/echo", s_port);
    struct soap *soap = soap_new();
    if (!soap)
        return -1;
    char *answer = NULL;
    int rc = soap_call_echo__echo(soap, url, NULL, (char *)text, &answer);
    if (rc != SOAP_OK) {
        soap_print_fault(soap, stderr);
    } else if (!answer) {
        fprintf(stderr, "echo: no answer\n");
        rc = -1;
    } else {
        snprintf(out, out_size, "%s", answer);
    }
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
    return rc == SOAP_OK ? 0 : -1;
}

int echo_side_stop(void)
{
    pthread_join(s_thread, NULL);
    int ok = s_served == s_requests;
    soap_destroy(s_server);
    soap_end(s_server);
    soap_free(s_server);
    return ok ? 0 : -1;
}
