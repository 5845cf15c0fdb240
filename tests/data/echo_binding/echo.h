/* A second, unrelated gSOAP service for test_symbols: one operation, echo(in) -> out, in its own
 * namespace. The build runs `soapcpp2 -c -1 -L -w -x -p echoSoap` on this file (into the build
 * tree), which writes echoSoapStub.h, echoSoapH.h, echoSoapC.c, echoSoapClient.c, echoSoapServer.c
 * and echo.nsmap: a binding with its own global `namespaces` table and its own soap_getheader,
 * soap_putfault, ... callbacks, as any gSOAP program has. */

//gsoap echo service name: echo
//gsoap echo service namespace: urn:mktows-test-echo
//gsoap echo service location: http://127.0.0.1/echo
//gsoap echo schema namespace: urn:mktows-test-echo
//gsoap echo service method-style: document

int echo__echo(char *in, char **out);
