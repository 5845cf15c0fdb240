# The gSOAP runtime, as two targets:
#
#   mktows_gsoap_flags    compile flags only (WITH_OPENSSL, WITH_IPV6, WITH_DOM, WITH_GZIP from
#                         `pkg-config --cflags gsoapssl`). They change the layout of struct soap, so
#                         every file that includes stdsoap2.h must use exactly these, whichever copy
#                         of the runtime it is linked with.
#   mktows_gsoap_static   libgsoapssl.a, the same runtime built position-independent, linked INTO
#                         libmktows.so (and the internal static library) so that the library's
#                         runtime, namespace table and soap_* callbacks stay hidden inside it.
#
# PkgConfig::GSOAPSSL (libgsoapssl.so) stays for programs that bring their own binding, as any gSOAP
# user does (the two-bindings program of test_symbols).
pkg_check_modules(GSOAPSSL REQUIRED IMPORTED_TARGET gsoapssl)
find_package(ZLIB REQUIRED)

add_library(mktows_gsoap_flags INTERFACE)
target_compile_options(mktows_gsoap_flags INTERFACE ${GSOAPSSL_CFLAGS_OTHER})
target_include_directories(mktows_gsoap_flags SYSTEM INTERFACE ${GSOAPSSL_INCLUDE_DIRS})

find_library(MKTOWS_GSOAPSSL_ARCHIVE NAMES libgsoapssl.a HINTS ${GSOAPSSL_LIBRARY_DIRS})
if(NOT MKTOWS_GSOAPSSL_ARCHIVE)
  message(FATAL_ERROR "libgsoapssl.a not found: install libgsoap-dev")
endif()
add_library(mktows_gsoap_static STATIC IMPORTED GLOBAL)
set_target_properties(mktows_gsoap_static PROPERTIES IMPORTED_LOCATION ${MKTOWS_GSOAPSSL_ARCHIVE})
# `pkg-config --static --libs gsoapssl`: -lssl -lcrypto -lz -lm
target_link_libraries(mktows_gsoap_static INTERFACE mktows_gsoap_flags OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB m)
