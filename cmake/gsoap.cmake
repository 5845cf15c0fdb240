# The gSOAP runtime, as two targets:
#
#   mktows_gsoap_flags    compile flags for our own build: Debian's (WITH_OPENSSL, WITH_IPV6, WITH_DOM,
#                         WITH_GZIP from `pkg-config --cflags gsoapssl`), which set the layout of
#                         struct soap and are also what users of libmktows compile with, plus
#                         MKTOWS_GSOAP_PRIVATE_DEFINES (below), on which the runtime, the generated
#                         code and src/lib must agree, and users, who never see the library's
#                         struct soap nor call its hidden soap_* functions, need not.
#   mktows_gsoap_static   the runtime linked INTO libmktows.so (and the internal static library), so
#                         that the library's runtime, namespace table and soap_* callbacks stay
#                         hidden inside it.
#
# MKTOWS_GSOAP_RUNTIME chooses where mktows_gsoap_static comes from:
#
#   source (default)  stdsoap2.c and dom.c of the same gSOAP version as the installed soapcpp2,
#                     from Debian's source package (cmake/gsoap-source.cmake fetches and checks it),
#                     compiled for mktows: WITH_NOIDREF (document/literal mktows never uses SOAP
#                     multi-reference id/href, whose bookkeeping was a third of a call's CPU).
#   system            Debian's libgsoapssl.a as shipped (no download; slower per call). The
#                     generated code is then built without WITH_NOIDREF, to match it.
#
# PkgConfig::GSOAPSSL (libgsoapssl.so) stays for programs that bring their own binding, as any gSOAP
# user does (the two-bindings program of test_symbols).
pkg_check_modules(GSOAPSSL REQUIRED IMPORTED_TARGET gsoapssl)
find_package(ZLIB REQUIRED)

set(MKTOWS_GSOAP_RUNTIME "source" CACHE STRING "gSOAP runtime: source (built for mktows) or system (libgsoapssl.a)")
set_property(CACHE MKTOWS_GSOAP_RUNTIME PROPERTY STRINGS source system)

# WITH_NOIDREF: no id/href bookkeeping. SOAP_PTRHASH=32: the pointer table gSOAP clears three
# times a call (4096 entries by default, 96 KB of writes per call) is used only for multi-reference
# serialization, which literal mktows never does. The second changes the size of struct soap, which
# is fine because no struct soap of the library is ever seen outside it: users get Debian's flags
# and never touch the library's contexts (the two-bindings program of test_symbols checks that a
# program using both libmktows and libgsoapssl works).
set(MKTOWS_GSOAP_PRIVATE_DEFINES "")
if(MKTOWS_GSOAP_RUNTIME STREQUAL "source")
  set(MKTOWS_GSOAP_PRIVATE_DEFINES -DWITH_NOIDREF -DSOAP_PTRHASH=32)
  # A gzip body past its first MB may inflate 256 times, not gSOAP's 1,032 (a 1 MB bomb then stops
  # at 256 MB, and max_response_bytes, 64 MiB by default, stops it sooner); src/lib/private/client.h
  # names the same number in its message. Used by stdsoap2.c only: no layout change.
  list(APPEND MKTOWS_GSOAP_PRIVATE_DEFINES "-DSOAP_MINDEFLATERATIO=(1.0/256.0)")
elseif(NOT MKTOWS_GSOAP_RUNTIME STREQUAL "system")
  message(FATAL_ERROR "MKTOWS_GSOAP_RUNTIME is '${MKTOWS_GSOAP_RUNTIME}': use source or system")
endif()

add_library(mktows_gsoap_flags INTERFACE)
target_compile_options(mktows_gsoap_flags INTERFACE ${GSOAPSSL_CFLAGS_OTHER} ${MKTOWS_GSOAP_PRIVATE_DEFINES})
target_include_directories(mktows_gsoap_flags SYSTEM INTERFACE ${GSOAPSSL_INCLUDE_DIRS})

if(MKTOWS_GSOAP_RUNTIME STREQUAL "source")
  include(${CMAKE_CURRENT_LIST_DIR}/gsoap-source.cmake)
  # The runtime is not our code: built with its own relaxed warnings, position-independent (it goes
  # into libmktows.so), hidden, optimised even in Debug builds (it is the hot path of every call).
  add_library(mktows_gsoap_static STATIC ${MKTOWS_GSOAP_SOURCE_FILES})
  target_link_libraries(mktows_gsoap_static PUBLIC mktows_gsoap_flags OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB m)
  target_compile_options(mktows_gsoap_static PRIVATE -w -O2)
  set_target_properties(mktows_gsoap_static PROPERTIES
    POSITION_INDEPENDENT_CODE ON C_VISIBILITY_PRESET hidden)
else()
  find_library(MKTOWS_GSOAPSSL_ARCHIVE NAMES libgsoapssl.a HINTS ${GSOAPSSL_LIBRARY_DIRS})
  if(NOT MKTOWS_GSOAPSSL_ARCHIVE)
    message(FATAL_ERROR "libgsoapssl.a not found: install libgsoap-dev")
  endif()
  add_library(mktows_gsoap_static STATIC IMPORTED GLOBAL)
  set_target_properties(mktows_gsoap_static PROPERTIES IMPORTED_LOCATION ${MKTOWS_GSOAPSSL_ARCHIVE})
  # `pkg-config --static --libs gsoapssl`: -lssl -lcrypto -lz -lm
  target_link_libraries(mktows_gsoap_static INTERFACE mktows_gsoap_flags OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB m)
endif()
message(STATUS "gSOAP runtime: ${MKTOWS_GSOAP_RUNTIME} (${GSOAPSSL_CFLAGS_OTHER} ${MKTOWS_GSOAP_PRIVATE_DEFINES})")
