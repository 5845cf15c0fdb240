/**
 * @file mktows/mktows.h
 * @brief Umbrella header for mktows-c, the C toolkit for the Marketo SOAP API (mktows 2_7).
 */
#ifndef MKTOWS_MKTOWS_H
#define MKTOWS_MKTOWS_H

#include <mktows/error.h>
#include <mktows/sign.h>
#include <mktows/client.h>
#include <mktows/retry.h>
#include <mktows/sync_lead.h>
#include <mktows/decode.h>
#include <mktows/version.h>

#endif /* MKTOWS_MKTOWS_H */
