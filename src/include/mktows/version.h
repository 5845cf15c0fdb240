/**
 * @file mktows/version.h
 * @brief The library's version, at compile time (MKTOWS_VERSION_*) and at run time
 *        (mktows_version()).
 *
 * The major version is the soname (libmktows.so.MAJOR): it changes whenever a program built
 * against the previous one could misbehave with the new one. See docs/library.md, "ABI policy".
 */
#ifndef MKTOWS_VERSION_H
#define MKTOWS_VERSION_H

#include <mktows/export.h>

#define MKTOWS_VERSION_MAJOR 1
#define MKTOWS_VERSION_MINOR 0
#define MKTOWS_VERSION_PATCH 0
/** "1.0.0" */
#define MKTOWS_VERSION_STRING "1.0.0"
/** 0xMMmmpp: major, minor, patch, one byte each (1.0.0 is 0x010000). */
#define MKTOWS_VERSION_NUM ((MKTOWS_VERSION_MAJOR << 16) | (MKTOWS_VERSION_MINOR << 8) | MKTOWS_VERSION_PATCH)

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief The version of the library the program runs with.
 * @param num             receives its MKTOWS_VERSION_NUM (may be NULL).
 * @param interface_hash  receives the MKTOWS_IFACE_HASH of the bindings it was built from (may be NULL).
 * @return its MKTOWS_VERSION_STRING, static.
 */
MKTOWS_EXTERN const char *mktows_version(unsigned *num, unsigned long long *interface_hash);

#ifdef __cplusplus
}
#endif
#endif /* MKTOWS_VERSION_H */
