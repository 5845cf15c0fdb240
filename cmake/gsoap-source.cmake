# Sources of the gSOAP runtime, for MKTOWS_GSOAP_RUNTIME=source (see cmake/gsoap.cmake).
#
# The runtime must be the same version as the soapcpp2 that wrote gen/ and as the stdsoap2.h the
# build includes, so the version comes from the installed stdsoap2.h (libgsoap-dev). Its source is
# Debian's source package of that version (the upstream tarball, which Debian builds libgsoapssl
# from unpatched), fetched once over HTTP from Debian's mirror, checked against the SHA-256 below
# and kept in a cache shared by every build tree:
#
#   MKTOWS_GSOAP_TARBALL    a local copy of gsoap_<version>.orig.tar.gz (offline builds); it is
#                           checked against the same SHA-256.
#   MKTOWS_GSOAP_CACHE_DIR  where the download is kept (default $XDG_CACHE_HOME/mktows, else
#                           ~/.cache/mktows).
#   MKTOWS_GSOAP_MIRROR     the Debian mirror (default http://deb.debian.org/debian).
#
# Nothing of gSOAP is committed: only stdsoap2.c and dom.c are unpacked, into the build tree.
#
# Sets MKTOWS_GSOAP_SOURCE_FILES.

# Versions whose source is known: version, tarball name, SHA-256 (from the package's .dsc).
set(_gsoap_known
  "2.8.124|gsoap_2.8.124.orig.tar.gz|1f6727ccf0e84a5dc7c86a554d0b0e2adb12f66b6e601b21d081de9041443800")

find_file(_gsoap_header stdsoap2.h HINTS ${GSOAPSSL_INCLUDE_DIRS} NO_CACHE)
if(NOT _gsoap_header)
  message(FATAL_ERROR "stdsoap2.h not found: install libgsoap-dev")
endif()
file(STRINGS ${_gsoap_header} _gsoap_version_line REGEX "^#define GSOAP_VERSION [0-9]+")
string(REGEX REPLACE "^#define GSOAP_VERSION ([0-9]+).*" "\\1" _gsoap_num "${_gsoap_version_line}")
math(EXPR _gsoap_major "${_gsoap_num} / 100000")
math(EXPR _gsoap_minor "(${_gsoap_num} / 1000) % 100")
math(EXPR _gsoap_patch "${_gsoap_num} % 1000")
set(MKTOWS_GSOAP_VERSION "${_gsoap_major}.${_gsoap_minor}.${_gsoap_patch}")

set(_gsoap_tar "")
foreach(_entry IN LISTS _gsoap_known)
  string(REPLACE "|" ";" _fields "${_entry}")
  list(GET _fields 0 _v)
  if(_v STREQUAL MKTOWS_GSOAP_VERSION)
    list(GET _fields 1 _gsoap_tar)
    list(GET _fields 2 _gsoap_sha256)
  endif()
endforeach()
if(NOT _gsoap_tar)
  message(FATAL_ERROR
    "The installed gSOAP is ${MKTOWS_GSOAP_VERSION}; mktows knows the runtime source of 2.8.124 only "
    "(cmake/gsoap-source.cmake). Configure with -DMKTOWS_GSOAP_RUNTIME=system to use the installed "
    "libgsoapssl.a instead.")
endif()

set(MKTOWS_GSOAP_TARBALL "" CACHE FILEPATH "Local copy of Debian's gsoap_<version>.orig.tar.gz (offline builds)")
set(MKTOWS_GSOAP_MIRROR "http://deb.debian.org/debian" CACHE STRING "Debian mirror for gSOAP's source package")
if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
  set(_gsoap_cache_default "$ENV{XDG_CACHE_HOME}/mktows")
else()
  set(_gsoap_cache_default "$ENV{HOME}/.cache/mktows")
endif()
set(MKTOWS_GSOAP_CACHE_DIR "${_gsoap_cache_default}" CACHE PATH "Where the gSOAP source download is kept")

if(MKTOWS_GSOAP_TARBALL)
  set(_gsoap_file ${MKTOWS_GSOAP_TARBALL})
else()
  set(_gsoap_file ${MKTOWS_GSOAP_CACHE_DIR}/${_gsoap_tar})
endif()

set(_gsoap_ok FALSE)
if(EXISTS ${_gsoap_file})
  file(SHA256 ${_gsoap_file} _have)
  if(_have STREQUAL _gsoap_sha256)
    set(_gsoap_ok TRUE)
  elseif(MKTOWS_GSOAP_TARBALL)
    message(FATAL_ERROR "${_gsoap_file}: SHA-256 ${_have}, expected ${_gsoap_sha256} (${_gsoap_tar})")
  endif()
endif()
if(NOT _gsoap_ok)
  set(_url "${MKTOWS_GSOAP_MIRROR}/pool/main/g/gsoap/${_gsoap_tar}")
  message(STATUS "Fetching gSOAP ${MKTOWS_GSOAP_VERSION}'s runtime source: ${_url}")
  file(MAKE_DIRECTORY ${MKTOWS_GSOAP_CACHE_DIR})
  file(DOWNLOAD ${_url} ${_gsoap_file}.part STATUS _status TIMEOUT 600 INACTIVITY_TIMEOUT 60)
  list(GET _status 0 _code)
  if(NOT _code EQUAL 0)
    file(REMOVE ${_gsoap_file}.part)
    list(GET _status 1 _why)
    message(FATAL_ERROR
      "Could not fetch ${_url}: ${_why}.\n"
      "Either fetch it by other means and configure with -DMKTOWS_GSOAP_TARBALL=FILE, or configure with "
      "-DMKTOWS_GSOAP_RUNTIME=system to use the installed libgsoapssl.a.")
  endif()
  file(SHA256 ${_gsoap_file}.part _have)
  if(NOT _have STREQUAL _gsoap_sha256)
    file(REMOVE ${_gsoap_file}.part)
    message(FATAL_ERROR "${_url}: SHA-256 ${_have}, expected ${_gsoap_sha256}; not used.")
  endif()
  file(RENAME ${_gsoap_file}.part ${_gsoap_file})
endif()

set(_gsoap_dir ${CMAKE_BINARY_DIR}/_gsoap-${MKTOWS_GSOAP_VERSION})
set(_gsoap_top gsoap-${MKTOWS_GSOAP_VERSION}/gsoap)
if(NOT EXISTS ${_gsoap_dir}/${_gsoap_top}/stdsoap2.c OR NOT EXISTS ${_gsoap_dir}/${_gsoap_top}/dom.c)
  file(ARCHIVE_EXTRACT INPUT ${_gsoap_file} DESTINATION ${_gsoap_dir}
       PATTERNS ${_gsoap_top}/stdsoap2.c ${_gsoap_top}/stdsoap2.h ${_gsoap_top}/dom.c)
endif()
# Our changes to the runtime (cmake/gsoap-patches/*.cmake, each saying why): exact replacements of
# one passage each, applied to a copy; a passage that is not found exactly once stops the configure.
set(_gsoap_patched ${CMAKE_BINARY_DIR}/_gsoap-patched)
file(MAKE_DIRECTORY ${_gsoap_patched})
foreach(_f stdsoap2.c dom.c)
  file(READ ${_gsoap_dir}/${_gsoap_top}/${_f} _gsoap_text_${_f})
endforeach()
function(mktows_gsoap_patch file from to)
  set(_text "${_gsoap_text_${file}}")
  string(LENGTH "${_text}" _len_before)
  string(FIND "${_text}" "${from}" _first)
  string(FIND "${_text}" "${from}" _last REVERSE)
  if(_first EQUAL -1 OR NOT _first EQUAL _last)
    message(FATAL_ERROR "${CMAKE_CURRENT_LIST_FILE}: the passage to replace is not in ${file} exactly once")
  endif()
  string(REPLACE "${from}" "${to}" _text "${_text}")
  set(_gsoap_text_${file} "${_text}" PARENT_SCOPE)
endfunction()
file(GLOB _gsoap_patches CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/gsoap-patches/*.cmake)
list(SORT _gsoap_patches)
foreach(_p IN LISTS _gsoap_patches)
  include(${_p})
endforeach()
foreach(_f stdsoap2.c dom.c)
  # written only when it changed, so that a new configure does not rebuild the runtime
  file(WRITE ${_gsoap_patched}/${_f}.new "${_gsoap_text_${_f}}")
  configure_file(${_gsoap_patched}/${_f}.new ${_gsoap_patched}/${_f} COPYONLY)
endforeach()

# The header the build includes must be the one this runtime was written with.
file(SHA256 ${_gsoap_dir}/${_gsoap_top}/stdsoap2.h _src_h)
file(SHA256 ${_gsoap_header} _inst_h)
if(NOT _src_h STREQUAL _inst_h)
  message(FATAL_ERROR "${_gsoap_header} differs from the stdsoap2.h of gSOAP ${MKTOWS_GSOAP_VERSION}'s source; "
                      "reinstall libgsoap-dev or configure with -DMKTOWS_GSOAP_RUNTIME=system.")
endif()
set(MKTOWS_GSOAP_SOURCE_FILES ${_gsoap_patched}/stdsoap2.c ${_gsoap_patched}/dom.c)
