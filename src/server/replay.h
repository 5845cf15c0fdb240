/* --reject-replays (replay.c): the signatures accepted within the skew window. Private to
 * src/server. */
#ifndef MKTOWS_SERVER_REPLAY_H
#define MKTOWS_SERVER_REPLAY_H

/* 1 when @p signature (40 hex digits) was already accepted within the last two windows
 * of @p window_s seconds, 0 when not (it is remembered from now on), -1 out of memory. */
int mktows_srv_replay_check(const char *signature, long window_s);
/* Forget every signature (a reset). */
void mktows_srv_replay_reset(void);

#endif
