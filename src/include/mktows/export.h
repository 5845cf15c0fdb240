/**
 * @file mktows/export.h
 * @brief MKTOWS_EXTERN marks every function and variable that libmktows exports.
 *
 * The library is built with hidden visibility by default (-fvisibility=hidden): only declarations
 * marked MKTOWS_EXTERN are part of its ABI. Everything else, the gSOAP runtime and the generic
 * soap_* callbacks of the generated bindings included, stays inside the library, so that another
 * gSOAP binding can live in the same process.
 */
#ifndef MKTOWS_EXPORT_H
#define MKTOWS_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define MKTOWS_EXTERN extern __attribute__((visibility("default")))
#else
#define MKTOWS_EXTERN extern
#endif

#endif /* MKTOWS_EXPORT_H */
